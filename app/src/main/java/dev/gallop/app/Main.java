package dev.gallop.app;

import javafx.application.Application;

/// Entry point. A class that does not extend Application, so the JavaFX jars can sit on the class path.
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        var problems = SystemCheck.problems();
        if (!problems.isEmpty()) {
            System.err.println("gallop: the studio cannot open its window:");
            for (String p : problems) System.err.println("  - " + p);
            System.err.println("  (on Debian or Ubuntu: sudo apt-get install libgtk-3-0 libxtst6 libgl1 libxxf86vm1 libasound2; "
                    + "the README lists every package)");
            System.exit(2);
        }
        Application.launch(GallopStudio.class, args);
    }
}
