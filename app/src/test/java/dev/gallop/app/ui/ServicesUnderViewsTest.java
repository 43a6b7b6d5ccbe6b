package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.prompt.ModelCatalog;
import dev.gallop.app.queue.GenerationQueue;
import dev.gallop.app.queue.QueueJob;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.timeline.Edits;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/// Point 8 of "Studio v2", through the real window: the queue panel shows what the queue service does (a job added
/// straight to the service appears, runs and finishes in the panel), and the timeline panel is bound to the session (an
/// edit made on the session, not through the panel, is drawn and hit at once, and undone the same way).
class ServicesUnderViewsTest extends StudioWindowTest {
    @Test void thePanelsShowTheServicesState(FxRobot robot) throws Exception {
        awaitModels(robot);
        GenerationQueue service = onFx(() -> vm.core().queue().queue());
        GenerationRequest r = new GenerationRequest(StructuredPrompt.of("a yellow circle moving right on a black background"), Optional.empty(),
                Optional.empty(), 1.28, new VideoSize(64, 64), 7, 0, TestModels.home().resolve(ModelCatalog.DEMO));
        onFx(() -> {
            service.pause();
            service.add(r, null, false);
            return null;
        });
        ListView<?> rows = robot.lookup("#queue-list").queryAs(ListView.class);
        assertEquals(1, onFx(() -> rows.getItems().size()), "the service's job is a row");
        QueueJob row = onFx(() -> (QueueJob) rows.getItems().getFirst());
        assertEquals("Waiting", onFx(() -> row.statusProperty().get()));
        assertTrue(onFx(() -> vm.core().queue().pausedProperty().get()), "the service's pause shows");
        onFx(() -> {
            service.resume();
            return null;
        });
        waitFor(120, "the shot", () -> vm.timeline().timeline().track("V1").clips().size() == 1);
        assertEquals("Done", onFx(() -> row.statusProperty().get()));

        // an edit straight on the session: the panel shows it (no copy to refresh)
        var session = onFx(() -> vm.core().session());
        onFx(() -> {
            session.apply(new Edits.SetMarker(new dev.gallop.app.timeline.Marker(5, "From the session"), true));
            session.apply(Edits.MoveClip.of(session.timeline(), "shot-1", "V1", 20));
            return null;
        });
        assertEquals(20, onFx(() -> vm.timeline().timeline().clip("shot-1").start()));
        var hit = onFx(() -> window.timelinePane().canvas().geometry().hit(vm.timeline().timeline(),
                window.timelinePane().canvas().geometry().x(30), TimelineGeometry.laneTop(vm.timeline().timeline(), "V1") + 20));
        assertEquals("shot-1", hit.clipId(), "the canvas finds the clip where the session put it");
        assertEquals(List.of("Add shot", "Add marker", "Move clip"), onFx(() -> List.copyOf(vm.timeline().history())));
        assertEquals("Undo Move clip", onFx(() -> vm.timeline().undoTextProperty().get()));
        onFx(() -> {
            session.undo();
            return null;
        });
        assertEquals(0, onFx(() -> vm.timeline().timeline().clip("shot-1").start()));
        screenshot("services.png");
    }
}
