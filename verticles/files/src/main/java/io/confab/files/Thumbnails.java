package io.confab.files;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.geometry.Positions;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.ExifUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

/**
 * Small previews of pictures, on a worker thread: longest side {@value #LONGEST_SIDE} px, upright by the
 * EXIF orientation of a JPEG (phone photos), PNG for PNG, GIF and WebP (transparency kept), JPEG for
 * JPEG. ImageIO decodes, with TwelveMonkeys' readers on the classpath (CMYK and YCCK JPEG with their
 * colour profiles, WebP); Thumbnailator scales and turns. A picture no reader can decode (a broken
 * file) or one of absurd dimensions simply gets none. Avatars are made here too: {@link #square}.
 */
final class Thumbnails {

  static final int LONGEST_SIDE = 320;
  /** Dimensions are read before any pixel: a small file that would decode to gigabytes gets no thumbnail. */
  static final long MAX_PIXELS = 64L * 1024 * 1024;

  record Thumbnail(Path file, String contentType, int width, int height) {
  }

  /** The decoded (subsampled) picture and how its EXIF says to turn it; {@code orientation} null when none. */
  private record Decoded(BufferedImage image, Orientation orientation) {
  }

  static Optional<Thumbnail> make(Path source, String contentType, Path target) {
    String format = format(contentType);
    if (format == null) {
      return Optional.empty();
    }
    try {
      Decoded decoded = read(source, "jpeg".equals(format), LONGEST_SIDE, false);
      if (decoded == null) {
        return Optional.empty();
      }
      BufferedImage small = scale(decoded, "png".equals(format));
      return write(small, format, target);
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * The picture upright, cropped to its centre square and scaled (up or down) to {@code side} px square,
   * for each side asked, in the order asked; empty when it cannot be decoded.
   */
  static Optional<List<Thumbnail>> square(Path source, String contentType, List<Integer> sides,
      IntFunction<Path> targets) {
    String format = format(contentType);
    if (format == null) {
      return Optional.empty();
    }
    int largest = sides.stream().mapToInt(Integer::intValue).max().orElseThrow();
    try {
      Decoded decoded = read(source, "jpeg".equals(format), largest, true);
      if (decoded == null) {
        return Optional.empty();
      }
      List<Thumbnail> made = new ArrayList<>();
      for (int side : sides) {
        var builder = net.coobird.thumbnailator.Thumbnails.of(upright(decoded))
            .crop(Positions.CENTER)
            .size(side, side)
            .imageType("png".equals(format) ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Optional<Thumbnail> written = write(builder.asBufferedImage(), format, targets.apply(side));
        if (written.isEmpty()) {
          return Optional.empty();
        }
        made.add(written.get());
      }
      return Optional.of(made);
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /** PNG for PNG, GIF and WebP (transparency kept), JPEG for JPEG; null for what is no picture. */
  private static String format(String contentType) {
    return switch (contentType) {
      case "image/png", "image/gif", "image/webp" -> "png";
      case "image/jpeg" -> "jpeg";
      default -> null;
    };
  }

  /** The decoded picture turned as its EXIF says, before a square is cut from it. */
  private static BufferedImage upright(Decoded decoded) throws IOException {
    if (decoded.orientation() == null || decoded.orientation() == Orientation.TOP_LEFT) {
      return decoded.image();
    }
    return net.coobird.thumbnailator.Thumbnails.of(decoded.image()).scale(1.0)
        .addFilter(ExifFilterUtils.getFilterForOrientation(decoded.orientation())).asBufferedImage();
  }

  private static Optional<Thumbnail> write(BufferedImage small, String format, Path target) throws IOException {
    if (!ImageIO.write(small, format, target.toFile())) {
      return Optional.empty();
    }
    return Optional.of(new Thumbnail(target, "image/" + format, small.getWidth(), small.getHeight()));
  }

  /**
   * The first image, subsampled while decoding so that a large picture never sits whole in memory
   * (Thumbnailator reads whole pictures unless memory runs short, so the reading stays here): to about
   * twice {@code side} on its longest side, or with {@code cover} on its shortest (a square is cut from it).
   */
  private static Decoded read(Path source, boolean jpeg, int side, boolean cover) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(source.toFile())) {
      if (in == null) {
        return null;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        // Metadata is read for a JPEG only (its orientation is in its EXIF segment): a PNG's text chunks
        // may be compressed, and would be inflated whole.
        reader.setInput(in, true, !jpeg);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
          return null;
        }
        Orientation orientation = jpeg ? orientation(reader) : null;
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, (cover ? Math.min(width, height) : Math.max(width, height)) / (side * 2));
        param.setSourceSubsampling(step, step, 0, 0);
        return new Decoded(reader.read(0, param), orientation);
      } finally {
        reader.dispose();
      }
    }
  }

  /** A broken or missing EXIF segment is no reason to refuse a preview: the picture is then shown as stored. */
  private static Orientation orientation(ImageReader reader) {
    try {
      return ExifUtils.getExifOrientation(reader, 0);
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }

  /** Never enlarged; turned upright after scaling (the box is square, so the longest side stays the limit). */
  private static BufferedImage scale(Decoded decoded, boolean alpha) throws IOException {
    BufferedImage picture = decoded.image();
    int width = picture.getWidth();
    int height = picture.getHeight();
    double factor = Math.min(1.0, (double) LONGEST_SIDE / Math.max(width, height));
    var builder = net.coobird.thumbnailator.Thumbnails.of(picture)
        .scale(factor)
        // The plain pixel type each encoder expects (JPEG has no alpha).
        .imageType(alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    if (decoded.orientation() != null && decoded.orientation() != Orientation.TOP_LEFT) {
      builder.addFilter(ExifFilterUtils.getFilterForOrientation(decoded.orientation()));
    }
    return builder.asBufferedImage();
  }

  private Thumbnails() {
  }
}
