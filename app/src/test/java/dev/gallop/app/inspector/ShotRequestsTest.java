package dev.gallop.app.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.media.TakeRecord;
import dev.gallop.app.prompt.SeedControl;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Take;
import dev.gallop.engine.pipeline.DialogueLine;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Language;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A shot's own request read back from its takes' records: retakes use it with the next seed, finalize with an SR
/// stage; records without a stored request are rebuilt from their fields; a moved model is found by name.
class ShotRequestsTest {
    @TempDir Path dir;

    static Take take(String id, GenerationRequest r) { return new Take(id, "media/" + id + ".mp4", 9, TakeRecord.of(r, 0, 3, false).toString()); }

    static GenerationRequest request(Path model, long seed) {
        StructuredPrompt p = new StructuredPrompt("a green square moving right", List.of(new DialogueLine("a robot", Language.JAPANESE, "こんにちは")), "soft hum");
        return new GenerationRequest(p, Optional.empty(), Optional.empty(), 0.4, new VideoSize(96, 64), seed, 0, model);
    }

    @Test void aRetakeIsTheShotsOwnRequestWithTheNextSeed() throws Exception {
        Path model = TestModels.latentOnly(dir);
        Clip shot = Clip.of("shot-1", 0, take("t1", request(model, 42)));
        shot = shot.pushTake(take("t2", request(model, 50))).showTake(0);
        ShotRequests s = new ShotRequests(n -> Optional.empty());
        GenerationRequest own = s.own(shot);
        assertEquals(request(model, 42), own, "exactly the shown take's request");
        GenerationRequest r = s.retake(shot, SeedControl.INCREMENT, RandomGenerator.getDefault());
        assertEquals(51, r.seed(), "one above the highest seed of the shot's takes");
        assertEquals(own.prompt(), r.prompt());
        assertEquals(51, s.retake(shot, SeedControl.FIXED, RandomGenerator.getDefault()).seed(), "a retake always changes the seed");
        long random = s.retake(shot, SeedControl.RANDOM, java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(7)).seed();
        assertTrue(random >= 0 && random < 1L << 48);
    }

    @Test void anOldRecordIsRebuiltAndAMovedModelIsFoundByName() throws Exception {
        Path model = TestModels.latentOnly(dir);
        String name = dev.gallop.engine.pipeline.discovery.ModelManifest.read(model).name();
        // a record from before requests were stored: only the engine's fields
        String old = "{\"generator\":\"gallop\",\"prompt\":{\"body\":\"a red circle\",\"dialogue\":[{\"speaker\":\"a girl\",\"language\":\"Mandarin Chinese\","
                + "\"text\":\"你好\"}],\"background_sound\":\"rain\"},\"seed\":7,\"seconds\":0.4,\"width\":96,\"height\":64,\"steps\":3,"
                + "\"sampler\":\"distill\",\"model\":\"" + name + "\",\"take\":{\"kind\":\"final\",\"video\":\"decoded\"}}";
        Clip shot = Clip.of("s", 0, new Take("t", "media/t.mp4", 9, old));
        TakeInfo info = TakeInfo.of(shot.take());
        assertEquals(Language.CHINESE_MANDARIN, info.dialogue().getFirst().language());
        assertEquals("96×64", info.sizeText());
        assertEquals("final", info.what());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ShotRequests(n -> Optional.empty()).own(shot));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("not installed"), e.getMessage());
        GenerationRequest r = new ShotRequests(n -> n.equals(name) ? Optional.of(model) : Optional.empty()).own(shot);
        assertEquals("a red circle", r.prompt().body());
        assertEquals(7, r.seed());
        assertEquals(model, r.model());

        // a stored request whose folder has moved: the model is found again by name
        Path gone = dir.resolve("moved-away");
        Clip moved = Clip.of("m", 0, take("t", request(model, 3)));
        String rec = moved.take().record().replace(model.toString().replace("\\", "\\\\"), gone.toString());
        Clip relocated = Clip.of("m", 0, new Take("t", "media/t.mp4", 9, rec));
        assertEquals(model, new ShotRequests(n -> n.equals(name) ? Optional.of(model) : Optional.empty()).own(relocated).model());
    }

    @Test void finalizeAddsTheSuperResolutionStageOrSaysWhyNot() throws Exception {
        Path plain = TestModels.latentOnly(dir);
        Clip shot = Clip.of("s", 0, take("t", request(plain, 5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ShotRequests(n -> Optional.empty()).finalize(shot, SrStage.Model.P540));
        assertTrue(e.getMessage().contains("no 540p super-resolution stage") && e.getMessage().contains("sr_540p"), e.getMessage());
        Path sr = TestModels.withSuperResolution(Files.createDirectories(dir.resolve("sr")));
        Clip draft = Clip.of("d", 0, take("t", request(sr, 5)));
        GenerationRequest f = new ShotRequests(n -> Optional.empty()).finalize(draft, SrStage.Model.P540);
        assertEquals(new VideoSize(192, 128), f.superResolution().orElseThrow().size(), "twice the draft");
        assertEquals(5, f.seed(), "the approved draft's seed");
        Clip done = draft.pushTake(take("f", f));
        e = assertThrows(IllegalArgumentException.class, () -> new ShotRequests(n -> Optional.empty()).finalize(done, SrStage.Model.P540));
        assertTrue(e.getMessage().contains("already final"), e.getMessage());
    }
}
