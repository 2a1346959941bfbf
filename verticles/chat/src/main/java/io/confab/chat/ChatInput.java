package io.confab.chat;

import io.confab.base.JsonInput;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The request fields several of chat's handlers read, validated the one way. */
final class ChatInput {

  /** The longest message or user id taken: every id the platform makes is shorter. */
  static final int ID_MAX = 64;

  static String roomId(JsonObject body) {
    return JsonInput.string(body, "room", 1, 100);
  }

  /** A message's or a user's id in {@code field}. */
  static String id(JsonObject body, String field) {
    return JsonInput.string(body, field, 1, ID_MAX);
  }

  /** A list of distinct user ids ({@code null}: none), at most {@link Limits#ROOM_MEMBERS_MAX}. */
  static List<String> userIds(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > Limits.ROOM_MEMBERS_MAX
        || !array.stream().allMatch(item -> item instanceof String id && !id.isEmpty() && id.length() <= ID_MAX)) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return array.stream().map(String.class::cast).distinct().toList();
  }

  private ChatInput() {
  }
}
