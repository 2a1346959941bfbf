package io.confab.files;

import io.vertx.core.buffer.Buffer;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Pictures the JDK alone does not make: a JPEG with an EXIF orientation, a CMYK JPEG with its profile, a WebP. */
final class TestPictures {

  private static final int SOI_LENGTH = 2;

  /**
   * {@code jpeg} (as ImageIO writes it: SOI, then the JFIF APP0) with an APP1 EXIF segment after its APP0
   * whose only tag is Orientation (0x0112) = {@code orientation}; 6 means "turn 90° clockwise to view".
   */
  static Buffer withExifOrientation(Buffer jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26); // big-endian, as "MM" says
    tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8) // header, IFD0 at 8
        .putShort((short) 1) // one entry
        .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
        .putInt(0); // no next IFD
    Buffer exif = Buffer.buffer("Exif\0\0", StandardCharsets.US_ASCII.name()).appendBytes(tiff.array());
    int app0End = SOI_LENGTH + 2 + jpeg.getUnsignedShort(SOI_LENGTH + 2);
    return segmentAt(jpeg, app0End, 0xE1, exif);
  }

  /**
   * A CMYK JPEG as print tools write it: four channels stored inverted (Adobe APP14, transform 0), every
   * pixel cyan ink only, and an embedded CMYK ICC profile (APP2) that renders cyan ink as red. Read
   * through its profile the picture is red; a reader that ignores the profile shows cyan.
   */
  static Buffer cmykJpegRedByItsProfile(int width, int height) {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    int[] cyanOnly = {0, 255, 255, 255}; // inverted: 0 is full ink
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, cyanOnly);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageWriter writer = jdkJpegWriter();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(raster, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    Buffer adobe = Buffer.buffer("Adobe", StandardCharsets.US_ASCII.name())
        .appendUnsignedShort(100).appendUnsignedShort(0).appendUnsignedShort(0).appendUnsignedByte((short) 0);
    Buffer icc = Buffer.buffer("ICC_PROFILE\0", StandardCharsets.US_ASCII.name())
        .appendUnsignedByte((short) 1).appendUnsignedByte((short) 1) // chunk 1 of 1
        .appendBytes(cmykProfileRenderingCyanAsRed());
    Buffer jpeg = Buffer.buffer(out.toByteArray());
    return segmentAt(segmentAt(jpeg, SOI_LENGTH, 0xEE, adobe), SOI_LENGTH, 0xE2, icc);
  }

  /**
   * {@code pictures/wide-400x200.webp}: 400 × 200, orange with a blue oval ({@link FilesTestBase#picture}'s
   * drawing), made from that PNG with Debian's cwebp 1.2.4 (package webp): {@code cwebp -q 50 wide.png -o
   * wide-400x200.webp}. The JDK has no WebP writer, hence a file.
   */
  static Buffer webp() {
    try (InputStream in = TestPictures.class.getResourceAsStream("/pictures/wide-400x200.webp")) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JDK's own writer: it writes a four-band raster as is. */
  private static ImageWriter jdkJpegWriter() {
    var writers = ImageIO.getImageWritersByFormatName("jpeg");
    while (writers.hasNext()) {
      ImageWriter writer = writers.next();
      if (writer.getClass().getName().startsWith("com.sun.")) {
        return writer;
      }
    }
    throw new IllegalStateException("no JDK JPEG writer");
  }

  private static Buffer segmentAt(Buffer jpeg, int at, int marker, Buffer payload) {
    return jpeg.getBuffer(0, at)
        .appendUnsignedByte((short) 0xFF).appendUnsignedByte((short) marker).appendUnsignedShort(payload.length() + 2)
        .appendBuffer(payload)
        .appendBuffer(jpeg.getBuffer(at, jpeg.length()));
  }

  /**
   * A minimal ICC v2 output profile, CMYK to Lab, with lut8 tables on a 2-point grid: each corner
   * (no ink or full ink of each colorant) is the plain subtractive mix, except cyan alone, which is red.
   */
  private static byte[] cmykProfileRenderingCyanAsRed() {
    ByteBuffer toLab = lut8(4, 3);
    for (int corner = 0; corner < 16; corner++) {
      int c = corner >> 3 & 1;
      int m = corner >> 2 & 1;
      int y = corner >> 1 & 1;
      int k = corner & 1;
      boolean cyanAlone = c == 1 && m == 0 && y == 0 && k == 0;
      putLab(toLab, cyanAlone ? new double[] {54, 80, 67} : labOfRgb((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)));
    }
    putIdentityCurves(toLab, 3);
    // Readers link the profile both ways, so it needs the way back too: any table will do.
    ByteBuffer fromLab = lut8(3, 4);
    for (int corner = 0; corner < 8; corner++) {
      fromLab.put(new byte[] {0, 0, 0, (byte) (corner >> 2 == 0 ? 255 : 0)});
    }
    putIdentityCurves(fromLab, 4);
    byte[] description = tag("desc", ByteBuffer.allocate(4 + 15 + 8 + 3 + 67).putInt(15)
        .put("Confab CMYK\0\0\0\0".getBytes(StandardCharsets.US_ASCII)).array());
    byte[] copyright = tag("text", "test data\0".getBytes(StandardCharsets.US_ASCII));
    byte[] whitePoint = tag("XYZ ", ByteBuffer.allocate(12).putInt(0xF6D6).putInt(0x10000).putInt(0xD32D).array());
    byte[][] bodies = {description, copyright, whitePoint, toLab.array(), fromLab.array()};
    String[] signatures = {"desc", "cprt", "wtpt", "A2B0", "B2A0"};
    int offset = 128 + 4 + 12 * bodies.length;
    ByteBuffer table = ByteBuffer.allocate(4 + 12 * bodies.length).putInt(bodies.length);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int i = 0; i < bodies.length; i++) {
      while ((offset + data.size()) % 4 != 0) {
        data.write(0);
      }
      table.put(signatures[i].getBytes(StandardCharsets.US_ASCII)).putInt(offset + data.size()).putInt(bodies[i].length);
      data.writeBytes(bodies[i]);
    }
    int size = offset + data.size();
    ByteBuffer profile = ByteBuffer.allocate(size);
    profile.putInt(size).putInt(0).putInt(0x02100000)
        .put("prtrCMYKLab ".getBytes(StandardCharsets.US_ASCII)).put(new byte[12])
        .put("acsp".getBytes(StandardCharsets.US_ASCII)).put(new byte[24]).putInt(0)
        .putInt(0xF6D6).putInt(0x10000).putInt(0xD32D) // D50
        .put(new byte[48]);
    profile.put(table.array()).put(data.toByteArray());
    return profile.array();
  }

  /** A lut8 table's head: identity matrix and input curves, ready for its 2-point grid. */
  private static ByteBuffer lut8(int inputs, int outputs) {
    ByteBuffer lut = ByteBuffer.allocate(48 + inputs * 256 + (1 << inputs) * outputs + outputs * 256);
    lut.put("mft1".getBytes(StandardCharsets.US_ASCII)).putInt(0).put((byte) inputs).put((byte) outputs).put((byte) 2).put((byte) 0);
    for (int row = 0; row < 3; row++) {
      for (int column = 0; column < 3; column++) {
        lut.putInt(row == column ? 0x10000 : 0);
      }
    }
    putIdentityCurves(lut, inputs);
    return lut;
  }

  private static byte[] tag(String type, byte[] content) {
    return ByteBuffer.allocate(8 + content.length).put(type.getBytes(StandardCharsets.US_ASCII)).putInt(0).put(content).array();
  }

  private static void putIdentityCurves(ByteBuffer lut, int channels) {
    for (int channel = 0; channel < channels; channel++) {
      for (int i = 0; i < 256; i++) {
        lut.put((byte) i);
      }
    }
  }

  /** Lab in lut8's encoding: L 0..100 as 0..255, a and b offset by 128. */
  private static void putLab(ByteBuffer lut, double[] lab) {
    lut.put(clamp(lab[0] * 255 / 100)).put(clamp(lab[1] + 128)).put(clamp(lab[2] + 128));
  }

  private static byte clamp(double value) {
    return (byte) Math.max(0, Math.min(255, Math.round(value)));
  }

  /** Linear RGB (0..1) to CIE Lab under D50: close enough for the corners of a test profile. */
  private static double[] labOfRgb(double r, double g, double b) {
    double x = (0.4360 * r + 0.3851 * g + 0.1431 * b) / 0.9642;
    double y = 0.2225 * r + 0.7169 * g + 0.0606 * b;
    double z = (0.0139 * r + 0.0971 * g + 0.7141 * b) / 0.8249;
    return new double[] {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
  }

  private static double f(double t) {
    return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
  }

  private TestPictures() {
  }
}
