package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.media.TimelineAudio;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import dev.gallop.engine.runtime.CancelToken;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/// Point 3 of "Studio v2", through the real window: each shot's sound lands on A1 with a readable waveform, moves and
/// trims with its picture until unlinked (Ctrl+L); the track header's mute, solo and lock buttons; markers (M); a second
/// video track to put shots on.
class LinkedSoundTest extends StudioWindowTest {
    @Test void soundOnA1MovesAndTrimsWithItsPictureUntilUnlinked(FxRobot robot) throws Exception {
        awaitModels(robot);
        generateShot(robot, "a red circle bouncing on a blue background");
        generateShot(robot, "a green square moving right on a black background");
        Timeline t = onFx(() -> vm.timeline().timeline());
        Clip sound = t.clip("shot-2.sound");
        assertEquals("A1", t.trackOf("shot-2.sound").id(), "the shot's sound is on A1");
        assertEquals("shot-2", sound.link());
        assertEquals(t.clip("shot-2").start(), sound.start());
        waitFor(20, "the waveform of the sound", () -> {
            var w = window.timelinePane().canvas().media().waveform(sound.take());
            if (w == null) return false;
            float peak = 0;
            for (int i = 0; i < w.columns(); i++) peak = Math.max(peak, Math.max(-w.min()[i], w.max()[i]));
            return peak > 0.01;
        });
        double zoom = onFx(() -> vm.timeline().zoomProperty().get());
        onFx(() -> {
            vm.timeline().snappingProperty().set(false);
            return null;
        });

        // drag the picture 20 frames right: its sound follows
        Point2D p = pointOnClip("shot-2", 0.5);
        robot.moveTo(p).press(MouseButton.PRIMARY).moveBy(20 * zoom, 0).release(MouseButton.PRIMARY);
        t = onFx(() -> vm.timeline().timeline());
        assertEquals(sound.start() + 20, t.clip("shot-2").start());
        assertEquals(sound.start() + 20, t.clip("shot-2.sound").start(), "moved with its picture");

        // drag the sound's right edge 10 frames left: the picture is trimmed too
        Clip s2 = t.clip("shot-2.sound");
        robot.moveTo(edge(s2)).press(MouseButton.PRIMARY).moveBy(-10 * zoom, 0).release(MouseButton.PRIMARY);
        t = onFx(() -> vm.timeline().timeline());
        assertEquals(s2.end() - 10, t.clip("shot-2.sound").end());
        assertEquals(s2.end() - 10, t.clip("shot-2").end(), "trimmed with its sound");
        screenshot("linked-sound.png");

        // unlink with Ctrl+L, then the sound moves alone
        robot.clickOn(pointOnClip("shot-2.sound", 0.5));
        chord(robot, KeyCode.CONTROL, KeyCode.L);
        assertNull(onFx(() -> vm.timeline().timeline().clip("shot-2").link()));
        Clip before = onFx(() -> vm.timeline().timeline().clip("shot-2"));
        robot.moveTo(pointOnClip("shot-2.sound", 0.5)).press(MouseButton.PRIMARY).moveBy(6 * zoom, 0).release(MouseButton.PRIMARY);
        assertEquals(before, onFx(() -> vm.timeline().timeline().clip("shot-2")), "the picture stayed");
        assertEquals(before.start() + 6, onFx(() -> vm.timeline().timeline().clip("shot-2.sound").start()));
        chord(robot, KeyCode.CONTROL, KeyCode.Z);
        chord(robot, KeyCode.CONTROL, KeyCode.L);
        assertEquals(onFx(() -> vm.timeline().timeline().clip("shot-2").link()), onFx(() -> vm.timeline().timeline().clip("shot-2.sound").link()),
                "linked again");
    }

    @Test void muteSoloLockMarkersAndASecondVideoTrack(FxRobot robot) throws Exception {
        awaitModels(robot);
        generateShot(robot, "a red circle bouncing on a blue background");
        generateShot(robot, "a yellow triangle moving up on a black background");
        assertTrue(rms(onFx(() -> vm.timeline().timeline())) > 0.01, "the shots' sound is heard");

        robot.clickOn(header("A1", TimelineGeometry.MUTE_X));
        assertTrue(onFx(() -> vm.timeline().timeline().track("A1").muted()), "M mutes A1");
        assertTrue(rms(onFx(() -> vm.timeline().timeline())) < 1e-4, "nothing heard");
        robot.clickOn(header("A1", TimelineGeometry.SOLO_X));
        assertTrue(onFx(() -> vm.timeline().timeline().track("A1").solo()));
        robot.clickOn(header("A1", TimelineGeometry.MUTE_X));
        robot.clickOn(header("V1", TimelineGeometry.LOCK_X));
        assertTrue(onFx(() -> vm.timeline().timeline().track("V1").locked()));
        robot.clickOn(pointOnClip("shot-1", 0.5));
        robot.type(KeyCode.DELETE);
        assertTrue(onFx(() -> vm.timeline().timeline().find("shot-1").isPresent()), "a locked track keeps its clips");
        assertTrue(text(robot, "status-line").contains("track V1 is locked"), text(robot, "status-line"));
        robot.clickOn(header("V1", TimelineGeometry.LOCK_X));

        // markers with M, walked with the keys
        robot.type(KeyCode.HOME).type(KeyCode.RIGHT, 12).type(KeyCode.M);
        robot.type(KeyCode.END).type(KeyCode.M);
        assertEquals(2, onFx(() -> vm.timeline().timeline().markers().size()));
        robot.type(KeyCode.HOME);
        chord(robot, KeyCode.ALT, KeyCode.RIGHT);
        assertEquals(12, onFx(() -> vm.timeline().playheadProperty().get()), "next marker");

        // a second video track, a shot moved onto it
        menu(robot, "Timeline", "Add video track");
        assertEquals("V2", onFx(() -> vm.timeline().timeline().tracks().get(1).id()));
        double zoom = onFx(() -> vm.timeline().zoomProperty().get());
        Point2D from = pointOnClip("shot-2", 0.5);
        double up = onFx(() -> TimelineGeometry.laneTop(vm.timeline().timeline(), "V1") - TimelineGeometry.laneTop(vm.timeline().timeline(), "V2"));
        assertTrue(up > 0, "V2's lane is above V1's");
        robot.moveTo(from).press(MouseButton.PRIMARY).moveBy(0, -up).release(MouseButton.PRIMARY);
        assertEquals("V2", onFx(() -> vm.timeline().timeline().trackOf("shot-2").id()), "dragged onto V2");
        assertTrue(zoom > 0);
        screenshot("tracks-and-markers.png");
    }

    Point2D header(String track, double x) throws Exception {
        return onFx(() -> {
            TimelineCanvas c = window.timelinePane().canvas();
            Timeline t = vm.timeline().timeline();
            Track tr = t.track(track);
            double top = TimelineGeometry.buttonTop(tr, TimelineGeometry.laneTop(t, tr.id()));
            return c.localToScreen(x + TimelineGeometry.BUTTON / 2, top + TimelineGeometry.BUTTON / 2);
        });
    }

    Point2D edge(Clip clip) throws Exception {
        return onFx(() -> {
            TimelineCanvas c = window.timelinePane().canvas();
            Timeline t = vm.timeline().timeline();
            Track tr = t.trackOf(clip.id());
            return c.localToScreen(c.geometry().x(clip.end()) - 1, TimelineGeometry.laneTop(t, tr.id()) + TimelineGeometry.laneHeight(tr) / 2);
        });
    }

    double rms(Timeline t) throws Exception {
        var a = TimelineAudio.mix(project(), t, CancelToken.NEVER);
        double s = 0;
        for (float v : a.samples()) s += v * v;
        return Math.sqrt(s / Math.max(1, a.samples().length));
    }
}
