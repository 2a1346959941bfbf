package io.confab.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Small previews of pictures with the JDK's ImageIO, on a worker thread: longest side
 * {@value #LONGEST_SIDE} px, PNG for PNG and GIF (transparency kept), JPEG for JPEG. A picture ImageIO
 * cannot read (WebP, CMYK JPEG, a broken file) or one of absurd dimensions simply gets none.
 */
final class Thumbnails {

  static final int LONGEST_SIDE = 320;
  /** Dimensions are read before any pixel: a small file that would decode to gigabytes gets no thumbnail. */
  static final long MAX_PIXELS = 64L * 1024 * 1024;

  record Thumbnail(Path file, String contentType, int width, int height) {
  }

  static Optional<Thumbnail> make(Path source, String contentType, Path target) {
    String format = switch (contentType) {
      case "image/png", "image/gif" -> "png";
      case "image/jpeg" -> "jpeg";
      default -> null;
    };
    if (format == null) {
      return Optional.empty();
    }
    try {
      BufferedImage picture = read(source);
      if (picture == null) {
        return Optional.empty();
      }
      BufferedImage small = scale(picture, "png".equals(format));
      if (!ImageIO.write(small, format, target.toFile())) {
        return Optional.empty();
      }
      return Optional.of(new Thumbnail(target, "image/" + format, small.getWidth(), small.getHeight()));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /** The first image, subsampled while decoding so that a large picture never sits whole in memory. */
  private static BufferedImage read(Path source) throws IOException {
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
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
          return null;
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, Math.max(width, height) / (LONGEST_SIDE * 2));
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
      } finally {
        reader.dispose();
      }
    }
  }

  /** Halves while more than twice too large, then one last step: sharper and with less aliasing than one big jump. */
  private static BufferedImage scale(BufferedImage picture, boolean alpha) {
    int width = picture.getWidth();
    int height = picture.getHeight();
    double factor = Math.min(1.0, (double) LONGEST_SIDE / Math.max(width, height));
    int targetWidth = Math.max(1, (int) Math.round(width * factor));
    int targetHeight = Math.max(1, (int) Math.round(height * factor));
    BufferedImage current = picture;
    while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2, alpha);
    }
    // Always drawn at least once, so the thumbnail has the plain pixel type its encoder expects.
    return current == picture || current.getWidth() != targetWidth || current.getHeight() != targetHeight
        ? draw(current, targetWidth, targetHeight, alpha) : current;
  }

  private static BufferedImage draw(BufferedImage source, int w, int h, boolean alpha) {
    BufferedImage small = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return small;
  }

  private Thumbnails() {
  }
}
