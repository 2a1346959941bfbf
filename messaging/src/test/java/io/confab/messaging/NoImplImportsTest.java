package io.confab.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Vert.x's {@code impl} packages are not its API: any upgrade may change them under the code that uses them. */
class NoImplImportsTest {

  private static final Pattern IMPL_IMPORT = Pattern.compile("^import (static )?io\\.vertx\\.[\\w.]*\\.impl\\.", Pattern.MULTILINE);

  @Test
  @DisplayName("No main code of any module imports a class of a Vert.x impl package")
  void noMainCodeImportsVertxImplClasses() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("messaging/pom.xml")).as("the repository root, from messaging/").exists();

    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders = files
          .filter(file -> file.toString().endsWith(".java") && file.toString().contains("/src/main/java/"))
          .filter(file -> !file.toString().contains("/node_modules/"))
          .filter(file -> IMPL_IMPORT.matcher(read(file)).find())
          .map(file -> root.relativize(file).toString())
          .toList();
    }

    assertThat(offenders).isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
