package io.confab.files;

/**
 * The files verticle's bus addresses. They belong in {@code io.confab.contract.Addresses} (internal
 * requests); they live here until the contract module takes them.
 */
public final class FilesAddresses {

  /**
   * Chat asks this when a message carries files: {@code {owner: userId, fileIds: [fileId]}} →
   * {@code {attachments: [{fileId, url, contentType, size, name, thumbnailUrl?}]}}, in the order asked.
   * 400 {@code invalid_request} when an id is malformed, unknown or not uploaded by {@code owner}.
   */
  public static final String ATTACHMENTS_RESOLVE = "files.attachments.resolve";

  private FilesAddresses() {
  }
}
