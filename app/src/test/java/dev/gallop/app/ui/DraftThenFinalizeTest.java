package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.inspector.TakeInfo;
import dev.gallop.app.media.FrameReader;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.timeline.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/// Point 7 of "Studio v2", through the real window: draft two shots with a model that has a super-resolution stage,
/// approve one with A, and Timeline ▸ Finalize approved shots makes it again from its own prompt and seed through the
/// SR stage as a new take at twice the size; the other shot is left as it was. A model without an SR stage says so.
class DraftThenFinalizeTest extends StudioWindowTest {
    Path srModel;

    @Override Path modelsRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("models"));
        if (srModel == null) srModel = TestModels.withSuperResolution(root);
        return root;
    }

    @Test void approvedShotsAreFinalizedAsNewTakes(FxRobot robot) throws Exception {
        waitFor(60, "both models", () -> vm.prompt().models().size() == 2);
        var model = onFx(() -> vm.prompt().models().stream().filter(m -> m.folder().equals(srModel)).findFirst().orElseThrow());
        pick(robot, "prompt-model", model);
        generateShot(robot, "a red circle moving left");
        generateShot(robot, "a blue square moving up");
        assertEquals("96×64", TakeInfo.of(onFx(() -> vm.timeline().timeline().clip("shot-1").take())).sizeText(), "a draft");

        robot.clickOn(pointOnClip("shot-1", 0.5));
        robot.type(KeyCode.A);
        assertTrue(onFx(() -> vm.timeline().timeline().clip("shot-1").approved()), "A approves the shot");
        screenshot("approved-shot.png");

        menu(robot, "Timeline", "Finalize approved shots…");
        var d = dialog(robot, "finalize-dialog");
        assertTrue(onFx(() -> d.lookupAll(".label").stream().anyMatch(n -> ((javafx.scene.control.Label) n).getText().startsWith("1 approved shot: shot-1"))));
        answer(robot, "finalize-dialog", "Finalize");
        waitFor(180, "the finished take", () -> vm.timeline().timeline().clip("shot-1").takes().size() == 2);
        Clip shot = onFx(() -> vm.timeline().timeline().clip("shot-1"));
        TakeInfo fin = TakeInfo.of(shot.take());
        assertEquals("96×64 → 192×128", fin.sizeText());
        assertTrue(fin.finalized());
        assertEquals(TakeInfo.of(shot.takes().getFirst()).seed(), fin.seed(), "the approved draft's seed");
        assertEquals(TakeInfo.of(shot.takes().getFirst()).body(), fin.body());
        try (FrameReader r = new FrameReader(project().resolve(shot.take().media()))) {
            assertEquals(192, r.width());
            assertEquals(128, r.height());
        }
        assertEquals(2, onFx(() -> vm.timeline().timeline().clip("shot-1.sound").takes().size()), "its sound has the final take too");
        assertEquals(1, onFx(() -> vm.timeline().timeline().clip("shot-2").takes().size()), "the unapproved shot is left alone");
        robot.clickOn(pointOnClip("shot-1", 0.5));
        assertEquals("96×64 → 192×128", text(robot, "inspector-size"));
        assertTrue(text(robot, "inspector-what").contains("540p super-resolution"), text(robot, "inspector-what"));
    }

    @Test void aModelWithoutASuperResolutionStageSaysSo(FxRobot robot) throws Exception {
        awaitModels(robot);
        generateShot(robot, "a red circle bouncing on a blue background");
        robot.clickOn(pointOnClip("shot-1", 0.5));
        robot.type(KeyCode.A);
        menu(robot, "Timeline", "Finalize approved shots…");
        answer(robot, "finalize-dialog", "Finalize");
        String status = text(robot, "status-line");
        assertTrue(status.contains("Nothing to finalize") && status.contains("has no 540p super-resolution stage"), status);
        assertFalse(onFx(() -> vm.core().queue().jobs().size() > 1), "nothing queued");
    }
}
