package io.confab.files;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Paths of a stored file and the objects clients see of it. */
final class FileViews {

  /** What a file id can look like; anything else is not found without a lookup. */
  private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  static boolean validId(String fileId) {
    return fileId != null && FILE_ID.matcher(fileId).matches();
  }

  static String path(String fileId) {
    return "/files/" + fileId;
  }

  static String thumbnailPath(String fileId) {
    return path(fileId) + "/thumbnail";
  }

  /**
   * A message's attachment: stable paths, read with the bearer token, or with a signed URL from
   * {@code POST /api/v1/files/urls} where a token cannot be sent ({@code <img src>}).
   */
  static JsonObject attachment(JsonObject file) {
    String id = file.getString("_id");
    JsonObject view = new JsonObject()
        .put("fileId", id)
        .put("url", path(id))
        .put("contentType", file.getString("contentType"))
        .put("size", file.getLong("size"))
        .put("name", file.getString("name"));
    if (file.getJsonObject("thumbnail") != null) {
      view.put("thumbnailUrl", thumbnailPath(id));
    }
    return view;
  }

  /** The answer to an upload, and to a request for signed URLs: the URLs signed for {@code userId}. */
  static JsonObject signed(JsonObject file, UrlSigner signer, String userId, long nowMillis) {
    String id = file.getString("_id");
    UrlSigner.Signed url = signer.sign(path(id), userId, nowMillis);
    JsonObject view = new JsonObject()
        .put("fileId", id)
        .put("url", url.url())
        .put("contentType", file.getString("contentType"))
        .put("size", file.getLong("size"))
        .put("name", file.getString("name"))
        .put("expiresAt", url.expiresAt());
    if (file.getJsonObject("thumbnail") != null) {
      view.put("thumbnailUrl", signer.sign(thumbnailPath(id), userId, nowMillis).url());
    }
    return view;
  }

  /**
   * A name safe in a header and on any file system: letters, digits, dot, dash, underscore and space
   * from the client's name, at most 100 characters, with the extension of the detected type.
   */
  static String safeName(String given, String contentType) {
    String base = given == null ? "" : given;
    int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
    base = base.substring(slash + 1);
    int dot = base.lastIndexOf('.');
    if (dot >= 0) {
      base = base.substring(0, dot);
    }
    base = base.replaceAll("[^A-Za-z0-9._ -]", "_").replaceAll("^[. ]+", "").strip();
    if (base.length() > 100) {
      base = base.substring(0, 100).strip();
    }
    if (base.isEmpty() || base.chars().allMatch(c -> c == '_')) {
      base = "file";
    }
    return base + "." + ContentTypes.extension(contentType);
  }

  private FileViews() {
  }
}
