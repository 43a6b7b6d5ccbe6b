package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import dev.gallop.app.StudioViewModel;
import dev.gallop.app.playback.AudioOutput;
import dev.gallop.app.testing.TestModels;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// The studio's real window on JavaFX's Headless platform, on the real engine with the built-in demo model (2-second
/// 64×64 clips with sound in well under a second), for the TestFX tests of each studio feature. Each test gets a
/// fresh project folder and window; file and folder choosers answer from [#choose(Path)] (native choosers cannot be
/// driven by a robot). Helpers wait for the FX thread, type key chords, answer dialogs and take screenshots.
@ExtendWith(ApplicationExtension.class)
abstract class StudioWindowTest {
    static final AudioOutput.Opener NO_SOUND = () -> { throw new AudioOutput.Unavailable("no audio device on this machine", null); };
    static Path root;
    static LocalGenerator generator;
    static ExecutorService background;
    private static int count;

    Path dir;
    StudioViewModel vm;
    StudioWindow window;
    Stage stage;
    final Deque<Path> answers = new ArrayDeque<>();

    @BeforeAll static void engine() throws Exception {
        root = Files.createTempDirectory("gallop-ui-");
        generator = new LocalGenerator(CpuDevice.get());
        background = Executors.newFixedThreadPool(2);
    }

    @AfterAll static void shutdown() throws Exception {
        generator.close();
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
    }

    /// The window's size: the studio must work from 1280×720 up.
    double width() { return 1280; }

    double height() { return 720; }

    /// The models root the model manager scans (empty: only the built-in demo model is offered).
    Path modelsRoot() throws Exception { return Files.createDirectories(dir.resolve("models")); }

    /// The project the window opens.
    Path project() { return dir.resolve("My film"); }

    @BeforeEach void start() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        dir = Files.createDirectories(root.resolve("t" + ++count));
        onFx(() -> {
            Platform.setImplicitExit(false);
            Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
            vm = new StudioViewModel(generator, CpuDevice.get(), NO_SOUND, TestModels.home(), modelsRoot(), project(), Platform::runLater, background);
            window = open(stage, vm);
            vm.models().rescan();
            return null;
        });
    }

    /// A studio window for `model` on `stage`, with this test's choosers.
    StudioWindow open(Stage on, StudioViewModel model) {
        StudioWindow w = new StudioWindow(on, model);
        w.setChoosers(new Choosers() {
            @Override public Optional<Path> folder(Window owner, String title, Path initial) { return Optional.ofNullable(answers.poll()); }

            @Override public Optional<Path> openFile(Window owner, String title, String description, List<String> extensions, Path initial) {
                return Optional.ofNullable(answers.poll());
            }

            @Override public Optional<Path> saveFile(Window owner, String title, String description, String extension, Path suggested) {
                return Optional.ofNullable(answers.poll());
            }
        });
        w.show(width(), height());
        return w;
    }

    @AfterEach void closeStudio() throws Exception {
        onFx(() -> {
            if (window == null) return null;
            window.stop();
            vm.close();
            for (Window w : List.copyOf(Window.getWindows())) if (w instanceof Stage s) s.close();
            return null;
        });
    }

    /// The next file or folder chooser answers `p`.
    void choose(Path p) { answers.add(p); }

    /// Waits until the model picker offers the demo model.
    void awaitModels(FxRobot robot) throws Exception {
        waitFor(60, "the model scan", () -> !robot.lookup("#prompt-model").queryAs(ComboBox.class).getItems().isEmpty());
    }

    /// Writes `body` into the prompt (replacing what was there) and queues it with Ctrl+Enter; waits until the shot is
    /// on the timeline.
    void generateShot(FxRobot robot, String body) throws Exception {
        int before = onFx(() -> vm.timeline().timeline().track("V1").clips().size());
        robot.clickOn("#prompt-body");
        chord(robot, KeyCode.CONTROL, KeyCode.A);
        robot.write(body);
        chord(robot, KeyCode.CONTROL, KeyCode.ENTER);
        waitFor(120, "shot " + (before + 1) + " on the timeline", () -> vm.timeline().timeline().track("V1").clips().size() == before + 1);
    }

    /// Presses the keys together and releases them in reverse order.
    static void chord(FxRobot robot, KeyCode... keys) {
        robot.press(keys);
        KeyCode[] rev = new KeyCode[keys.length];
        for (int i = 0; i < keys.length; i++) rev[i] = keys[keys.length - 1 - i];
        robot.release(rev);
    }

    /// The dialog with this id, once it is showing.
    DialogPane dialog(FxRobot robot, String id) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#" + id).tryQuery().isPresent());
        return robot.lookup("#" + id).queryAs(DialogPane.class);
    }

    /// Clicks the button labelled `text` in the dialog with this id.
    void answer(FxRobot robot, String id, String text) throws Exception {
        DialogPane d = dialog(robot, id);
        Button b = d.getButtonTypes().stream().filter(t -> t.getText().equals(text)).findFirst()
                .map(t -> (Button) d.lookupButton(t)).orElseThrow(() -> new AssertionError("no button " + text + " in " + id));
        robot.clickOn(b);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /// Picks a menu item as a user does with the mouse and keys: clicks the menu's title, then moves down to the item
    /// (separators and disabled items are skipped, as the keys do) and presses Enter. (The Headless platform does not
    /// deliver mouse clicks to popup windows; keys work.)
    void menu(FxRobot robot, String menu, String item) throws Exception {
        int downs = onFx(() -> {
            MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
            Menu m = bar.getMenus().stream().filter(x -> plain(x.getText()).equals(menu)).findFirst()
                    .orElseThrow(() -> new AssertionError("no menu " + menu));
            List<MenuItem> nav = m.getItems().stream().filter(i -> !(i instanceof SeparatorMenuItem) && !i.isDisable() && i.isVisible()).toList();
            for (int i = 0; i < nav.size(); i++) if (plain(nav.get(i).getText()).equals(item)) return i + 1;
            throw new AssertionError("no enabled item " + item + " in menu " + menu + ": "
                    + nav.stream().map(i -> plain(i.getText())).toList());
        });
        robot.clickOn(menu);
        robot.type(KeyCode.DOWN, downs).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String plain(String menuText) { return menuText == null ? "" : menuText.replace("_", ""); }

    /// A condition checked on the FX thread.
    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    /// Polls `cond` on the FX thread until it holds; fails after `seconds`.
    void waitFor(double seconds, String what, Check cond) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (!onFx(cond::ok)) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /// A point inside clip `id` at `fraction` of its length, in screen coordinates (in `w`'s timeline).
    static javafx.geometry.Point2D pointOnClip(StudioWindow w, StudioViewModel m, String id, double fraction) throws Exception {
        return onFx(() -> {
            TimelineCanvas c = w.timelinePane().canvas();
            var t = m.timeline().timeline();
            var clip = t.clip(id);
            double x = c.geometry().x(clip.start()) + fraction * (c.geometry().x(clip.end()) - c.geometry().x(clip.start()));
            return c.localToScreen(x, TimelineGeometry.laneTop(t, t.trackOf(id).id()) + TimelineGeometry.laneHeight(t.trackOf(id)) / 2);
        });
    }

    javafx.geometry.Point2D pointOnClip(String id, double fraction) throws Exception { return pointOnClip(window, vm, id, fraction); }

    /// Chooses `value` in the combo box with this id with the keys, as a user does.
    <T> void pick(FxRobot robot, String id, T value) throws Exception {
        javafx.scene.control.ComboBox<?> c = robot.lookup("#" + id).queryAs(javafx.scene.control.ComboBox.class);
        int from = onFx(() -> c.getItems().indexOf(c.getValue())), to = onFx(() -> c.getItems().indexOf(value));
        if (to < 0) throw new AssertionError(value + " is not offered in " + id + ": " + onFx(() -> List.copyOf(c.getItems())));
        robot.clickOn(c);
        robot.type(to > from ? KeyCode.DOWN : KeyCode.UP, Math.abs(to - from)).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        org.junit.jupiter.api.Assertions.assertEquals(value, onFx(c::getValue), "picked in " + id);
    }

    /// Scrolls every scroll pane around the node with this id so that it is in view (what a user does with the wheel
    /// before clicking it); returns the node.
    Node reveal(FxRobot robot, String id) throws Exception {
        Node n = robot.lookup("#" + id).query();
        onFx(() -> {
            for (Node p = n.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp && sp.getContent() != null) {
                    javafx.geometry.Bounds b = sp.getContent().sceneToLocal(n.localToScene(n.getBoundsInLocal()));
                    double content = sp.getContent().getBoundsInLocal().getHeight(), view = sp.getViewportBounds().getHeight();
                    if (content > view) sp.setVvalue(Math.clamp((b.getMinY() - (view - b.getHeight()) / 2) / (content - view), 0, 1));
                }
            }
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return n;
    }

    /// The text of the labelled control with this id.
    String text(FxRobot robot, String id) throws Exception {
        return onFx(() -> {
            Node n = robot.lookup("#" + id).query();
            if (n instanceof javafx.scene.control.Labeled l) return l.getText();
            if (n instanceof javafx.scene.control.TextInputControl t) return t.getText();
            throw new AssertionError(id + " is a " + n.getClass().getSimpleName());
        });
    }

    void screenshot(String name) throws Exception { screenshot(stage, name); }

    void screenshot(Stage of, String name) throws Exception {
        Path out = Path.of(System.getProperty("gallop.screenshots", "target/screenshots"));
        Files.createDirectories(out);
        WritableImage img = onFx(() -> of.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.resolve(name).toFile());
    }

    static <T> T onFx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(60, TimeUnit.SECONDS);
    }

    static void assertShowing(Node n, String what) { assertTrue(n.isVisible() && n.getScene() != null, what + " is showing"); }
}
