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
   * pixel cyan ink only, with an embedded CMYK ICC profile (APP2) of a shape the JDK's JPEG reader fails on.
   */
  static Buffer cmykJpeg(int width, int height) {
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
        .appendBytes(cmykProfile());
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
   * A minimal ICC v4 print profile, CMYK to XYZ, shaped like Ghostscript's {@code ps_cmyk.icc}: lut16
   * tables on a 2-point grid, and a way back (B2A0) whose matrix scales XYZ, which the JDK's JPEG reader
   * (Java 17) fails on: "CMMException: Can not access specified profile". Each corner of the way there
   * (no ink or full ink of each colorant) is the plain subtractive mix.
   */
  private static byte[] cmykProfile() {
    ByteBuffer toXyz = lut16(4, 3, 1.0, 1.0, 1.0);
    for (int corner = 0; corner < 16; corner++) {
      int c = corner >> 3 & 1;
      int m = corner >> 2 & 1;
      int y = corner >> 1 & 1;
      int k = corner & 1;
      putXyz(toXyz, xyzOfRgb((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)));
    }
    putIdentityCurves(toXyz, 3);
    ByteBuffer fromXyz = lut16(3, 4, 2.07421875, 2.0, 2.42);
    for (int corner = 0; corner < 8; corner++) {
      fromXyz.putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) (corner == 0 ? 0xFFFF : 0));
    }
    putIdentityCurves(fromXyz, 4);
    byte[][] bodies = {mluc("Confab CMYK"), mluc("test data"),
        tag("XYZ ", ByteBuffer.allocate(12).putInt(0xF6D6).putInt(0x10000).putInt(0xD32D).array()), toXyz.array(), fromXyz.array()};
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
    profile.putInt(size).putInt(0).putInt(0x04200000)
        .put("prtrCMYKXYZ ".getBytes(StandardCharsets.US_ASCII)).put(new byte[12])
        .put("acsp".getBytes(StandardCharsets.US_ASCII)).put(new byte[24]).putInt(0)
        .putInt(0xF6D6).putInt(0x10000).putInt(0xD32D) // D50
        .put(new byte[48]);
    profile.put(table.array()).put(data.toByteArray());
    return profile.array();
  }

  /** A lut16 table's head: a diagonal matrix, 2-entry identity input curves, ready for its 2-point grid. */
  private static ByteBuffer lut16(int inputs, int outputs, double... diagonal) {
    ByteBuffer lut = ByteBuffer.allocate(52 + inputs * 4 + (1 << inputs) * outputs * 2 + outputs * 4);
    lut.put("mft2".getBytes(StandardCharsets.US_ASCII)).putInt(0).put((byte) inputs).put((byte) outputs).put((byte) 2).put((byte) 0);
    for (int row = 0; row < 3; row++) {
      for (int column = 0; column < 3; column++) {
        lut.putInt(row == column ? (int) Math.round(diagonal[row] * 0x10000) : 0);
      }
    }
    lut.putShort((short) 2).putShort((short) 2);
    putIdentityCurves(lut, inputs);
    return lut;
  }

  /** A tag of v4's multi-localized Unicode type, in English. */
  private static byte[] mluc(String text) {
    byte[] utf16 = text.getBytes(StandardCharsets.UTF_16BE);
    return tag("mluc", ByteBuffer.allocate(8 + 12 + utf16.length).putInt(1).putInt(12)
        .put("enUS".getBytes(StandardCharsets.US_ASCII)).putInt(utf16.length).putInt(28).put(utf16).array());
  }

  private static byte[] tag(String type, byte[] content) {
    return ByteBuffer.allocate(8 + content.length).put(type.getBytes(StandardCharsets.US_ASCII)).putInt(0).put(content).array();
  }

  private static void putIdentityCurves(ByteBuffer lut, int channels) {
    for (int channel = 0; channel < channels; channel++) {
      lut.putShort((short) 0).putShort((short) 0xFFFF);
    }
  }

  /** XYZ in lut16's encoding for an XYZ PCS: 1.0 is 0x8000. */
  private static void putXyz(ByteBuffer lut, double[] xyz) {
    for (double value : xyz) {
      lut.putShort((short) Math.max(0, Math.min(0xFFFF, Math.round(value * 0x8000))));
    }
  }

  /** Linear RGB (0..1) to CIE XYZ under D50: close enough for the corners of a test profile. */
  private static double[] xyzOfRgb(double r, double g, double b) {
    return new double[] {0.4360 * r + 0.3851 * g + 0.1431 * b, 0.2225 * r + 0.7169 * g + 0.0606 * b, 0.0139 * r + 0.0971 * g + 0.7141 * b};
  }

  private TestPictures() {
  }
}
