package dev.gallop.app.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.session.ProjectSession;
import dev.gallop.app.testing.SampleProject;
import dev.gallop.app.testing.TestMedia;
import dev.gallop.app.testing.UiThread;
import dev.gallop.app.timeline.Edits;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The player on the sample project (V1: shot a = frames 10..29 of a.mp4, a 5-frame gap, shot b; 45 frames).
class PlayerViewModelTest {
    @TempDir Path project;
    UiThread ui;
    ExecutorService background;
    ProjectSession session;
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach void setUp() throws Exception {
        ui = new UiThread();
        background = Executors.newSingleThreadExecutor();
        session = new ProjectSession(project, SampleProject.build(project));
    }

    @AfterEach void tearDown() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        ui.close();
    }

    void advance(double seconds) { now.addAndGet((long) (seconds * 1e9)); }

    static int grey(ArgbImage img) { return img.pixel(img.width() / 2, img.height() / 2) & 0xff; }

    void awaitPicture(PlayerViewModel vm, int grey) throws Exception {
        ui.await(() -> vm.pictureProperty().get() != null && Math.abs(grey(vm.pictureProperty().get()) - grey) <= 3, 30, "picture grey " + grey);
    }

    @Test void withoutASoundDeviceItPlaysSilentlyOnTheWallClockWithANotice() throws Exception {
        PlayerViewModel vm = ui.call(() -> new PlayerViewModel(session, () -> {
            throw new AudioOutput.Unavailable("no sound device could be opened", null);
        }, background, ui, now::get));
        assertEquals(45, vm.durationProperty().get());
        awaitPicture(vm, TestMedia.grey(10));
        ui.run(vm::togglePlay);
        assertTrue(vm.playingProperty().get());
        assertFalse(vm.audibleProperty().get());
        assertTrue(vm.noticeProperty().get().contains("no sound device could be opened") && vm.noticeProperty().get().contains("without sound"),
                vm.noticeProperty().get());
        advance(0.4);
        ui.run(vm::tick);
        assertEquals(10, vm.positionProperty().get());
        awaitPicture(vm, TestMedia.grey(20));

        ui.run(vm::shuttleForward);
        assertEquals(2.0, vm.speedProperty().get());
        advance(0.2);
        ui.run(vm::tick);
        assertEquals(20, vm.positionProperty().get());
        awaitPicture(vm, 0);   // the gap is black
        for (int i = 0; i < 4; i++) ui.run(vm::shuttleForward);
        assertEquals(8.0, vm.speedProperty().get(), "shuttle tops out at 8x");
        ui.run(vm::shuttleBack);
        assertEquals(-1.0, vm.speedProperty().get());
        advance(0.2);
        ui.run(vm::tick);
        assertEquals(15, vm.positionProperty().get());
        ui.run(vm::pause);
        advance(1);
        ui.run(vm::tick);
        assertEquals(15, vm.positionProperty().get());
        assertFalse(vm.playingProperty().get());

        ui.run(() -> vm.stepFrames(1));
        assertEquals(16, vm.positionProperty().get());
        ui.run(() -> vm.stepFrames(-100));
        assertEquals(0, vm.positionProperty().get());
        ui.run(vm::end);
        assertEquals(44, vm.positionProperty().get());
        awaitPicture(vm, TestMedia.grey(19));
        ui.run(() -> vm.jumpSeconds(-1));
        assertEquals(19, vm.positionProperty().get());
        assertEquals("00:00:00:19", vm.timecodeProperty().get());
        ui.run(vm::play);
        advance(2);
        ui.run(vm::tick);
        assertEquals(44, vm.positionProperty().get(), "playback stops at the end");
        assertFalse(vm.playingProperty().get());
        ui.run(vm::play);
        assertEquals(0, vm.positionProperty().get(), "play at the end starts over");
        ui.run(vm::pause);
    }

    @Test void inAndOutPoints() throws Exception {
        PlayerViewModel vm = ui.call(() -> new PlayerViewModel(session, () -> {
            throw new AudioOutput.Unavailable("none", null);
        }, background, ui, now::get));
        ui.run(() -> vm.seek(5));
        ui.run(vm::markIn);
        ui.run(() -> vm.seek(15));
        ui.run(vm::markOut);
        assertEquals(5, vm.inPointProperty().get());
        assertEquals(15, vm.outPointProperty().get());
        ui.run(vm::goToIn);
        ui.run(vm::play);
        advance(3);
        ui.run(vm::tick);
        assertEquals(15, vm.positionProperty().get(), "playing from before the out point stops there");
        assertFalse(vm.playingProperty().get());
        ui.run(vm::shuttleBack);
        advance(3);
        ui.run(vm::tick);
        assertEquals(5, vm.positionProperty().get(), "playing back stops at the in point");
        ui.run(() -> vm.seek(2));
        ui.run(vm::markOut);
        assertEquals(-1, vm.inPointProperty().get(), "an out point before the in point clears the in point");
        ui.run(vm::clearInOut);
        assertEquals(-1, vm.outPointProperty().get());

        // the timeline shrinks under the playhead
        ui.run(() -> vm.seek(40));
        ui.run(() -> session.apply(new Edits.Group("Ripple delete", java.util.List.of(Edits.RippleDelete.of(session.timeline(), "b"),
                Edits.RippleDelete.of(session.timeline(), "b.sound")))));
        assertEquals(40, vm.durationProperty().get(), "A1's clip still ends at 40");
        assertEquals(39, vm.positionProperty().get());
    }

    @Test void theSoundClockDrivesThePicture() throws Exception {
        AtomicReference<OpenAlOutput> device = new AtomicReference<>();
        PlayerViewModel vm = ui.call(() -> new PlayerViewModel(session, () -> {
            device.set(OpenAlOutput.openLoopback(44_100));
            return device.get();
        }, background, ui, now::get));
        try {
            ui.run(vm::play);
            ui.await(vm.audibleProperty()::get, 30, "the sound to start");
            assertEquals("", vm.noticeProperty().get());
            // 0.4 s of sound is heard while the wall clock stands still: the picture follows the sound
            double sq = 0;
            for (int i = 0; i < 35; i++) {
                float[] out = ui.call(() -> device.get().render(504));
                for (float v : out) sq += v * v;
                ui.run(device.get()::pump);
            }
            ui.run(vm::tick);
            assertEquals(10, vm.positionProperty().get());
            assertTrue(Math.sqrt(sq / (35 * 504 * 2)) > 0.2, "shot a's tone is what the device played");
            ui.run(vm::shuttleForward);
            assertFalse(vm.audibleProperty().get(), "2x plays silently");
            assertFalse(device.get().isPlaying());
        } finally {
            ui.run(vm::close);
        }
    }
}
