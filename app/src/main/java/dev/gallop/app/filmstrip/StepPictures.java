package dev.gallop.app.filmstrip;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.media.LatentDecoder;
import dev.gallop.app.media.LatentPreview;
import dev.gallop.app.media.LatentRgbMaps;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.runtime.CancelToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/// Real pictures of denoise steps for models small enough to decode at every step (at most [#MAX_PIXELS] pixels a
/// frame, such as the demo model's 64×64; bigger models keep the latent picture, whose cost does not grow with the
/// decoder), and at any size for a model with a scene decoder ([SceneDecoders]: the demo's `demo-scene`, which draws
/// shapes from a few numbers per frame; no latent colour map is learnt for it). Each step's x₀ goes through the model's own video decoder on the background executor, one decode at a
/// time: first the first frame of every step, newest first (MagiHuman's frame 0 comes from latent frame 0 alone, a
/// fraction of the work), for the filmstrip's thumbnails and the viewer's still; then the whole clip of the step the
/// viewer asks for, to loop. It keeps the first frame and a [#THUMB_HEIGHT]-row thumbnail of every step and the whole
/// decoded clips of the steps used last, within a byte budget; a clip dropped from the budget is decoded again when
/// asked for. A model without a video decoder, or whose decoder fails, is not tried again (its steps keep the latent
/// picture; a take of it reports the problem). UI thread only.
public final class StepPictures {
    public static final int MAX_PIXELS = 128 * 128;
    public static final int THUMB_HEIGHT = 40;
    static final long BUDGET = 64L << 20;

    private record Key(String job, int step) {}

    /// The longest side of latent pictures (the fallback while a step has no decoded picture).
    public static final int LATENT_PICTURE_SIDE = 256;

    private final Filmstrips strips;
    private final Frames decoder;
    private final SceneDecoders scenes = new SceneDecoders();
    private final LatentRgbMaps maps;
    private final java.util.ArrayDeque<Target> probes = new java.util.ArrayDeque<>();
    private final Executor background, ui;
    private final long budget;
    private final Map<Key, DecodedVideo> videos = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Key, ArgbImage> thumbs = new HashMap<>();
    private final Map<Key, ArgbImage> stills = new HashMap<>();
    private final Set<Path> failed = new HashSet<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private long bytes;
    private Key wanted;
    private Filmstrip newest;
    private boolean busy;

    public StepPictures(Filmstrips strips, LatentDecoder decoder, Executor background, Executor ui) {
        this(strips, decoder, new LatentRgbMaps(), background, ui, BUDGET);
    }

    /// `maps` collects every decoded step picture to learn each model's latent colour map (and is probed once per
    /// model that this class decodes).
    public StepPictures(Filmstrips strips, LatentDecoder decoder, LatentRgbMaps maps, Executor background, Executor ui) {
        this(strips, decoder, maps, background, ui, BUDGET);
    }

    StepPictures(Filmstrips strips, LatentDecoder decoder, LatentRgbMaps maps, Executor background, Executor ui, long budget) {
        this(strips, decoder::decodeVideo, maps, background, ui, budget);
    }

    /// Decodes a step's x₀ with the video decoder of the model in a folder (null: it has none); on the background
    /// executor.
    @FunctionalInterface
    interface Frames {
        DecodedVideo decode(LatentClip x0, Path model, CancelToken cancel) throws java.io.IOException;
    }

    StepPictures(Filmstrips strips, Frames decoder, LatentRgbMaps maps, Executor background, Executor ui, long budget) {
        this.strips = strips;
        this.decoder = decoder;
        this.maps = maps;
        this.background = background;
        this.ui = ui;
        this.budget = budget;
        strips.addListener(this::stepAdded);
    }

    /// Whether steps of `r` are decoded (small enough or drawn by a scene decoder, and its model's decoder has not
    /// failed).
    public boolean decodes(GenerationRequest r) {
        return ((long) r.size().width() * r.size().height() <= MAX_PIXELS || scenes.has(r.model())) && !failed.contains(r.model());
    }

    /// Called on the UI thread after every decode that arrived.
    public void addListener(Runnable r) { listeners.add(r); }

    /// The first decoded frame of step `step` of `job`, [#THUMB_HEIGHT] rows high, once decoded.
    public Optional<ArgbImage> thumbnail(String job, int step) { return Optional.ofNullable(thumbs.get(new Key(job, step))); }

    /// The first decoded frame of step `step` of `job` at full size, once decoded: what the viewer shows while the
    /// step's whole clip decodes.
    public Optional<ArgbImage> still(String job, int step) { return Optional.ofNullable(stills.get(new Key(job, step))); }

    /// The decoded clip of step `step` of `job`; when it is not there (not decoded yet, or dropped from the budget)
    /// it is decoded next and the listeners hear when it is.
    public Optional<DecodedVideo> video(String job, int step) {
        Key k = new Key(job, step);
        DecodedVideo v = videos.get(k);
        if (v == null && frame(k, true).filter(f -> decodes(f.strip().request())).isPresent()) {
            wanted = k;
            next();
        }
        return Optional.ofNullable(v);
    }

    /// The decoded clip of step `step` of `job` if it is held now; unlike [#video] this never starts a decode.
    public Optional<DecodedVideo> held(String job, int step) { return Optional.ofNullable(videos.get(new Key(job, step))); }

    /// The latent colour maps learnt from the decoded pictures.
    public LatentRgbMaps maps() { return maps; }

    /// A picture of latent frame `t` of a step's x₀ for when nothing is decoded: smooth, in the model's learnt
    /// colours when there are any yet.
    public ArgbImage latentPicture(GenerationRequest r, LatentClip x0, int t) {
        return LatentPreview.picture(x0, t, maps.map(r.model()).orElse(null), LATENT_PICTURE_SIDE);
    }

    /// Bytes of decoded clips held now.
    long bytes() { return bytes; }

    private void stepAdded(Filmstrip f) {
        thumbs.keySet().removeIf(k -> strips.get(k.job()).isEmpty());
        stills.keySet().removeIf(k -> strips.get(k.job()).isEmpty());
        videos.keySet().removeIf(k -> {
            boolean gone = strips.get(k.job()).isEmpty();
            if (gone) bytes -= size(videos.get(k));
            return gone;
        });
        if (!decodes(f.request())) return;
        if (!scenes.has(f.request().model()) && maps.wantsProbe(f.request().model())) {
            LatentClip probe = LatentRgbMaps.probe(f.latest().x0().channels());
            probes.add(new Target(null, f, new Filmstrip.Frame(0, 0, 0, probe), false));
        }
        newest = f;
        next();
    }

    /// A decode to run: the whole clip of a step (`full`), or only its first latent frame for the thumbnail (a
    /// fraction of the work: MagiHuman's first frame comes from latent frame 0 alone).
    private record Target(Key key, Filmstrip strip, Filmstrip.Frame frame, boolean full) {}

    private Optional<Target> frame(Key k, boolean full) {
        return strips.get(k.job()).flatMap(s -> s.frames().stream().filter(f -> f.index() == k.step()).findFirst()
                .map(f -> new Target(k, s, f, full)));
    }

    /// The thumbnails first, newest first (each a fraction of a whole clip's work, so the filmstrip and the viewer's
    /// still keep up with the steps), then the clip the viewer wants.
    private Optional<Target> pick() {
        if (!probes.isEmpty()) return Optional.of(probes.poll());
        if (newest != null && strips.get(newest.jobId()).isPresent() && decodes(newest.request())) {
            List<Filmstrip.Frame> frames = newest.frames();
            for (int i = frames.size() - 1; i >= 0; i--) {
                Key k = new Key(newest.jobId(), frames.get(i).index());
                if (!thumbs.containsKey(k)) return Optional.of(new Target(k, newest, frames.get(i), false));
            }
        }
        if (wanted != null) {
            Key k = wanted;
            wanted = null;
            if (!videos.containsKey(k)) {
                Optional<Target> t = frame(k, true);
                if (t.isPresent() && decodes(t.get().strip().request())) return t;
            }
        }
        return Optional.empty();
    }

    private void next() {
        if (busy) return;
        Optional<Target> t = pick();
        if (t.isEmpty()) return;
        busy = true;
        Target target = t.get();
        Path model = target.strip().request().model();
        LatentClip x0 = target.key() == null ? target.frame().x0() : target.full() ? target.frame().x0() : firstFrame(target.frame().x0());
        Runnable work = () -> {
            DecodedVideo v;
            try {
                v = decoder.decode(x0, model, CancelToken.NEVER);
            } catch (Exception | OutOfMemoryError e) {
                v = null;
            }
            DecodedVideo done = v;
            ui.execute(() -> arrived(target, model, done));
        };
        try {
            background.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            busy = false;    // the studio is closing: no more pictures
        }
    }

    private void arrived(Target t, Path model, DecodedVideo v) {
        busy = false;
        if (t.key() == null) {    // the colour map's probe
            if (v == null) maps.failed(model);
            else maps.add(model, t.frame().x0(), v);
        } else if (v == null) {
            failed.add(model);
            maps.failed(model);
        } else if (strips.get(t.key().job()).isPresent()) {
            if (!t.full() && !scenes.has(model)) maps.add(model, firstFrame(t.frame().x0()), v);
            byte[] first = Arrays.copyOf(v.rgb(), v.height() * v.width() * 3);
            stills.put(t.key(), ArgbImage.fromRgb(first, v.width(), v.height(), v.height()));
            thumbs.put(t.key(), ArgbImage.fromRgb(first, v.width(), v.height(), THUMB_HEIGHT));
            if (t.full()) keep(t.key(), v);
        }
        for (Runnable r : List.copyOf(listeners)) r.run();
        next();
    }

    private void keep(Key key, DecodedVideo v) {
        DecodedVideo old = videos.put(key, v);
        bytes += size(v) - size(old);
        for (Iterator<Map.Entry<Key, DecodedVideo>> it = videos.entrySet().iterator(); bytes > budget && it.hasNext(); ) {
            Map.Entry<Key, DecodedVideo> e = it.next();
            if (e.getKey().equals(key)) continue;
            bytes -= size(e.getValue());
            it.remove();
        }
    }

    /// Latent frame 0 of `c` alone (video only).
    static LatentClip firstFrame(LatentClip c) {
        int hw = c.height() * c.width();
        float[] v = new float[c.channels() * hw];
        for (int ch = 0; ch < c.channels(); ch++) System.arraycopy(c.video(), ch * c.frames() * hw, v, ch * hw, hw);
        return new LatentClip(v, c.channels(), 1, c.height(), c.width(), new float[0], 0);
    }

    private static long size(DecodedVideo v) { return v == null ? 0 : v.rgb().length; }
}
