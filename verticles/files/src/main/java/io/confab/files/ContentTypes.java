package io.confab.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

/**
 * The type of an upload, from its bytes alone (Tika's magic numbers, then its text heuristics). Neither
 * the client's file name nor its Content-Type reaches the detector. Blocking: call it on a worker.
 */
final class ContentTypes {

  /** The contract's accepted types, with the extension a download's file name gets. */
  private static final Map<String, String> ACCEPTED = Map.of(
      "image/png", "png",
      "image/jpeg", "jpg",
      "image/gif", "gif",
      "image/webp", "webp",
      "application/pdf", "pdf",
      "text/plain", "txt");

  /**
   * Magic and text detection only: no name, no declared type. Thread-safe; loaded on first detection
   * (on a worker), never by the event loop's calls to the other methods of this class.
   */
  private static final class Tika {
    static final Detector DETECTOR = MimeTypes.getDefaultMimeTypes();
  }

  static String detect(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return Tika.DETECTOR.detect(in, new Metadata()).getBaseType().toString();
    }
  }

  static boolean accepted(String type) {
    return ACCEPTED.containsKey(type);
  }

  /** The accepted picture types: what an avatar may be. */
  static boolean picture(String type) {
    return accepted(type) && type.startsWith("image/");
  }

  static String extension(String type) {
    return ACCEPTED.getOrDefault(type, "bin");
  }

  /** Pictures are shown in place; anything else is downloaded. */
  static boolean inline(String type) {
    return type.startsWith("image/");
  }

  private ContentTypes() {
  }
}
