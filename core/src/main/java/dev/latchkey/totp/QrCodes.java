package dev.latchkey.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import dev.latchkey.common.LatchkeyException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Renders a QR code locally with zxing: PNG through {@code javax.imageio} (in memory, no temp
 * files) and SVG as one {@code <path>}. The secret never leaves the process: no chart service.
 */
final class QrCodes {
  /** The quiet zone the QR specification requires: 4 modules. */
  private static final int MARGIN_MODULES = 4;

  private QrCodes() {}

  /** A PNG about {@code size} pixels square (larger if the content needs more modules). */
  static byte[] png(String content, int size, TotpSettings.QrErrorCorrection level) {
    BitMatrix m = matrix(content, size, level);
    int w = m.getWidth();
    int h = m.getHeight();
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, m.get(x, y) ? 0xff000000 : 0xffffffff);
      }
    }
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new LatchkeyException("No PNG writer in javax.imageio");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // An in-memory stream: ImageIO.write(…, OutputStream) may spill to a temp file.
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(image);
    } catch (IOException e) {
      throw new LatchkeyException("Could not write the QR code PNG", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * An SVG of {@code size} pixels whose view box is the module grid (quiet zone included): a white
   * background and one black path of unit squares, merged into horizontal runs.
   */
  static String svg(String content, int size, TotpSettings.QrErrorCorrection level) {
    BitMatrix m = matrix(content, 0, level); // one cell per module
    int n = m.getWidth();
    StringBuilder path = new StringBuilder(n * n);
    for (int y = 0; y < n; y++) {
      int x = 0;
      while (x < n) {
        if (!m.get(x, y)) {
          x++;
          continue;
        }
        int start = x;
        while (x < n && m.get(x, y)) {
          x++;
        }
        int run = x - start;
        path.append('M').append(start).append(' ').append(y)
            .append('h').append(run).append("v1h-").append(run).append('z');
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + size
        + "\" height=\"" + size + "\" viewBox=\"0 0 " + n + " " + n
        + "\" shape-rendering=\"crispEdges\">"
        + "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#ffffff\"/>"
        + "<path fill=\"#000000\" d=\"" + path + "\"/></svg>";
  }

  /**
   * Whether {@code content} fits a QR code (version 40 at most) at {@code level}: the same
   * encoding {@link #png} and {@link #svg} use, without drawing it.
   */
  static boolean fits(String content, TotpSettings.QrErrorCorrection level) {
    try {
      Encoder.encode(content, ErrorCorrectionLevel.valueOf(level.name()), hints(level));
      return true;
    } catch (WriterException tooBig) {
      return false;
    }
  }

  private static BitMatrix matrix(String content, int size,
      TotpSettings.QrErrorCorrection level) {
    try {
      return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, hints(level));
    } catch (WriterException e) {
      // Only when the content exceeds a version-40 symbol, which TotpSettings and
      // TotpEnroller.begin rule out for key URIs (see fits).
      throw new LatchkeyException("Could not encode the QR code", e);
    }
  }

  private static Map<EncodeHintType, Object> hints(TotpSettings.QrErrorCorrection level) {
    Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
    hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.valueOf(level.name()));
    hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
    hints.put(EncodeHintType.MARGIN, MARGIN_MODULES);
    return hints;
  }
}
