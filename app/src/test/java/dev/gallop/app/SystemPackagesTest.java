package dev.gallop.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/// The system packages the studio needs on Linux are named in three places that must agree: the `.deb`'s dependencies
/// (app/pom.xml), the README's list and install line, and the start-up check.
class SystemPackagesTest {
    static final List<String> PACKAGES = List.of("libgtk-3-0", "libxtst6", "libgl1", "libxxf86vm1", "libfreetype6", "libfontconfig1", "libasound2");
    static final Path ROOT = Path.of(System.getProperty("gallop.fixtures", "../tests/fixtures")).resolve("../..").normalize();

    @Test void theDebDependsOnEveryPackageTheReadmeLists() throws Exception {
        String pom = Files.readString(ROOT.resolve("app/pom.xml"));
        Matcher m = Pattern.compile("<argument>--linux-package-deps</argument>\\s*<argument>([^<]+)</argument>").matcher(pom);
        assertTrue(m.find(), "the installer declares its package dependencies");
        List<String> deps = List.of(m.group(1).split(",\\s*"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        String install = readme.lines().filter(l -> l.strip().startsWith("sudo apt-get install libgtk")).findFirst().orElseThrow();
        for (String p : PACKAGES) {
            assertTrue(deps.stream().anyMatch(d -> List.of(d.split("\\s*\\|\\s*")).contains(p)), "the .deb depends on " + p + ": " + deps);
            assertTrue(List.of(install.split("\\s+")).contains(p), "the README's install line has " + p);
            assertTrue(readme.contains("`" + p + "`"), "the README's table names " + p);
        }
        for (SystemCheck.Need n : SystemCheck.NEEDED) {
            String pkg = n.debian().split(" ")[0];
            assertTrue(PACKAGES.contains(pkg), "the start-up check's " + pkg + " is one of them");
        }
    }
}
