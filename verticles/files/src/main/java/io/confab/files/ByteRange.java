package io.confab.files;

/**
 * One byte range of a {@code Range: bytes=...} header, resolved against the file's size. Only single
 * ranges are served; a header this class does not understand (several ranges, another unit) is ignored
 * and the whole file is sent, as RFC 9110 allows.
 */
record ByteRange(long first, long last) {

  /** A well-formed range that lies wholly past the end: 416. */
  static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

  /** The range asked for, {@link #UNSATISFIABLE}, or null for the whole file. */
  static ByteRange parse(String header, long size) {
    if (header == null || !header.startsWith("bytes=")) {
      return null;
    }
    String spec = header.substring("bytes=".length()).trim();
    if (spec.contains(",")) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String from = spec.substring(0, dash).trim();
    String to = spec.substring(dash + 1).trim();
    if (!from.matches("\\d{0,18}") || !to.matches("\\d{0,18}") || (from.isEmpty() && to.isEmpty())) {
      return null;
    }
    if (from.isEmpty()) {
      long suffix = Long.parseLong(to);
      if (suffix == 0) {
        return UNSATISFIABLE;
      }
      return new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    long first = Long.parseLong(from);
    long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
    if (last < first) {
      return null;
    }
    if (first >= size) {
      return UNSATISFIABLE;
    }
    return new ByteRange(first, Math.min(last, size - 1));
  }
}
