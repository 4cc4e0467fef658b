package io.github.synthflowconnector.smoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar without the entries under the given prefixes, for run.sh's self-test (the machines
 * have no zip tool).
 *
 * <p>Usage: {@code BrokenJar <in.jar> <out.jar> <prefix>...}
 */
public final class BrokenJar {

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: BrokenJar <in.jar> <out.jar> <entry prefix>...");
      System.exit(2);
    }
    var prefixes = Arrays.copyOfRange(args, 2, args.length);
    int removed = 0;
    try (InputStream in = Files.newInputStream(Path.of(args[0]));
        ZipInputStream zin = new ZipInputStream(in);
        OutputStream out = Files.newOutputStream(Path.of(args[1]));
        ZipOutputStream zout = new ZipOutputStream(out)) {
      for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
        String name = e.getName();
        if (Arrays.stream(prefixes).anyMatch(name::startsWith)) {
          removed++;
          continue;
        }
        zout.putNextEntry(new ZipEntry(name));
        zin.transferTo(zout);
        zout.closeEntry();
      }
    }
    // A prefix that matches nothing would make the self-test prove nothing.
    if (removed == 0) {
      System.err.println(
          "BrokenJar: no entry of " + args[0] + " matches " + Arrays.toString(prefixes));
      System.exit(1);
    }
    System.out.printf(
        "BrokenJar: %s, without %d entries under %s%n", args[1], removed, Arrays.toString(prefixes));
  }
}
