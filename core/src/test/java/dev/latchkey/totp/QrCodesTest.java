package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class QrCodesTest {

  /** Reads a QR code back with zxing's own reader. */
  static String decodePng(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int w = image.getWidth();
    int h = image.getHeight();
    int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
    LuminanceSource source = new RGBLuminanceSource(w, h, pixels);
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
  }

  static String uri(String issuer, String account) {
    return OtpAuthUri.build(issuer, account, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        TotpSettings.Algorithm.SHA1, 6, 30);
  }

  @Property(tries = 40)
  void pngDecodesBackToTheExactUri(@ForAll("names") String issuer, @ForAll("names") String account,
      @ForAll("levels") TotpSettings.QrErrorCorrection level) throws Exception {
    String uri = uri(issuer, account);
    byte[] png = QrCodes.png(uri, 256, level);
    assertThat(decodePng(png)).isEqualTo(uri);
  }

  @Example
  void pngIsTheRequestedSizeAndAPng() throws Exception {
    for (int size : new int[] {64, 256, 1024}) {
      byte[] png = QrCodes.png(uri("Latchkey Demo", "alice@example.com"), size,
          TotpSettings.QrErrorCorrection.M);
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image.getWidth()).isEqualTo(size);
      assertThat(image.getHeight()).isEqualTo(size);
    }
  }

  @Example
  void svgIsOnePathOfModulesThatRendersToTheSameSymbol() throws Exception {
    String uri = uri("Latchkey Demo", "bob@example.com");
    String svg = QrCodes.svg(uri, 300, TotpSettings.QrErrorCorrection.Q);
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        .contains("width=\"300\" height=\"300\"").endsWith("</svg>")
        .doesNotContain("<script").doesNotContain("http://chart");
    assertThat(svg.split("<path", -1)).hasSize(2);
    // Rasterise the path (unit squares in a module grid) and read it back.
    Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertThat(box.find()).isTrue();
    int n = Integer.parseInt(box.group(1));
    int scale = 4;
    BufferedImage image = new BufferedImage(n * scale, n * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < n * scale; y++) {
      for (int x = 0; x < n * scale; x++) {
        image.setRGB(x, y, 0xffffff);
      }
    }
    Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(svg);
    while (run.find()) {
      int x0 = Integer.parseInt(run.group(1));
      int y0 = Integer.parseInt(run.group(2));
      int len = Integer.parseInt(run.group(3));
      for (int x = x0 * scale; x < (x0 + len) * scale; x++) {
        for (int y = y0 * scale; y < (y0 + 1) * scale; y++) {
          image.setRGB(x, y, 0);
        }
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    assertThat(decodePng(out.toByteArray())).isEqualTo(uri);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').withChars(' ', ':', '%', '@', '.', '+')
            .ofMinLength(1).ofMaxLength(40),
        Arbitraries.of("Latchkey Demo", "東京 Bank", "Ünïcødé: 😀", "a".repeat(100)));
  }

  @Provide
  Arbitrary<TotpSettings.QrErrorCorrection> levels() {
    return Arbitraries.of(TotpSettings.QrErrorCorrection.class);
  }
}
