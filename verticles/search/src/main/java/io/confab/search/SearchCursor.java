package io.confab.search;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The contract's opaque {@code cursor}: the position of a page's last hit (ts and id), as base64url of
 * {@code [ts, id]}, the same whichever engine answers. Anything else given back is 400 {@code invalid_request}.
 */
final class SearchCursor {

  private static final int MAX_LENGTH = 200;

  static String encode(SearchHit.Position position) {
    byte[] json = new JsonArray().add(position.ts()).add(position.id()).encode().getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
  }

  /** Null for a first page (no cursor given). */
  static SearchHit.Position decode(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      if (cursor.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("too long");
      }
      JsonArray position = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      if (position.size() != 2 || !(position.getValue(0) instanceof Number ts) || !(position.getValue(1) instanceof String id) || id.isEmpty()) {
        throw new IllegalArgumentException("not a position");
      }
      return new SearchHit.Position(ts.longValue(), id);
    } catch (IllegalArgumentException | DecodeException | ClassCastException garbage) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
  }

  private SearchCursor() {
  }
}
