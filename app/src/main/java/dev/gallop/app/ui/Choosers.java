package dev.gallop.app.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/// The file and folder choosers the studio opens (project folders, the models root, input images and sounds, export
/// files). The window holds one; [#NATIVE] shows the platform's dialogs, and UI tests put in their own (native
/// dialogs cannot be driven by a robot).
public interface Choosers {
    /// A folder, or empty when the user cancelled.
    Optional<Path> folder(Window owner, String title, Path initial);

    /// An existing file matching `extensions` (without dots), or empty when the user cancelled.
    Optional<Path> openFile(Window owner, String title, String description, List<String> extensions, Path initial);

    /// A file to write, ending in `extension`, or empty when the user cancelled.
    Optional<Path> saveFile(Window owner, String title, String description, String extension, Path suggested);

    Choosers NATIVE = new Choosers() {
        @Override public Optional<Path> folder(Window owner, String title, Path initial) {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle(title);
            if (initial != null && Files.isDirectory(initial)) c.setInitialDirectory(initial.toFile());
            return Optional.ofNullable(c.showDialog(owner)).map(File::toPath);
        }

        @Override public Optional<Path> openFile(Window owner, String title, String description, List<String> extensions, Path initial) {
            FileChooser c = new FileChooser();
            c.setTitle(title);
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, extensions.stream().map(e -> "*." + e).toList()));
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
            if (initial != null && Files.isDirectory(initial)) c.setInitialDirectory(initial.toFile());
            return Optional.ofNullable(c.showOpenDialog(owner)).map(File::toPath);
        }

        @Override public Optional<Path> saveFile(Window owner, String title, String description, String extension, Path suggested) {
            FileChooser c = new FileChooser();
            c.setTitle(title);
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + extension));
            if (suggested != null) {
                if (suggested.getParent() != null && Files.isDirectory(suggested.getParent())) c.setInitialDirectory(suggested.getParent().toFile());
                c.setInitialFileName(suggested.getFileName().toString());
            }
            return Optional.ofNullable(c.showSaveDialog(owner)).map(File::toPath);
        }
    };
}
