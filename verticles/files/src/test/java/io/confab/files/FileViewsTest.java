package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FileViewsTest {

  @Test
  @DisplayName("a download's name keeps no path, quote or control character and takes the detected type's extension")
  void namesAreMadeSafe() {
    assertThat(FileViews.safeName("../../etc/passwd.png", "text/plain")).isEqualTo("passwd.txt");
    assertThat(FileViews.safeName("C:\\\\Users\\\\me\\\\cat.JPG", "image/jpeg")).isEqualTo("cat.jpg");
    assertThat(FileViews.safeName("a\"; filename=evil.html\r\n.png", "image/png")).isEqualTo("a__ filename_evil.html__.png");
    assertThat(FileViews.safeName(".htaccess", "text/plain")).isEqualTo("file.txt");
    assertThat(FileViews.safeName(null, "application/pdf")).isEqualTo("file.pdf");
  }

  @Test
  @DisplayName("ranges: one range, open ends and suffixes are served; several ranges or nonsense mean the whole file")
  void rangesAreReadStrictly() {
    assertThat(ByteRange.parse("bytes=0-9", 100)).isEqualTo(new ByteRange(0, 9));
    assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=50-500", 100)).isEqualTo(new ByteRange(50, 99));
    assertThat(ByteRange.parse("bytes=100-", 100)).isSameAs(ByteRange.UNSATISFIABLE);
    assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isNull();
    assertThat(ByteRange.parse("bytes=9-1", 100)).isNull();
    assertThat(ByteRange.parse("items=0-1", 100)).isNull();
    assertThat(ByteRange.parse("bytes=x-1", 100)).isNull();
  }
}
