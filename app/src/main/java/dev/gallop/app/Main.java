package dev.gallop.app;

import javafx.application.Application;

/// Entry point. A class that does not extend Application, so the JavaFX jars can sit on the class path.
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Application.launch(GallopStudio.class, args);
    }
}
