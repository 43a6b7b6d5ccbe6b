package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.LatentClip;
import java.util.Locale;

/// Non-finite numbers never become a result: the latents after each stage and the decoded sound are checked, and a
/// job whose numbers went NaN or infinite fails with a message saying where, instead of writing an all-black clip
/// (NaN decodes to black) or failing inside the encoder.
final class FiniteCheck {
    private FiniteCheck() {}

    /// Throws when the latents hold a NaN or an infinity; `after` says what produced it ("the base stage"). Counted on
    /// their device; copied to the host only to describe a failure.
    static void latents(Denoiser.Latents l, String after, String model) {
        Kernels k = l.video().device().kernels();
        if (k.countNonFinite(l.video()) + (l.audio().numel() == 0 ? 0 : k.countNonFinite(l.audio())) == 0) return;
        LatentClip c = l.toHost();
        long v = firstBad(c.video()), a = firstBad(c.audio());
        if (v < 0 && a < 0) return;
        StringBuilder sb = new StringBuilder("the generation went non-finite: after ").append(after).append(" of model ").append(model)
                .append(", ");
        if (v >= 0) sb.append(describe(c.video(), v, "video latent [" + c.channels() + ", " + c.frames() + ", " + c.height() + ", " + c.width() + "]"));
        if (v >= 0 && a >= 0) sb.append(" and ");
        if (a >= 0) sb.append(describe(c.audio(), a, "audio latent [" + c.audioFrames() + ", " + c.audioChannels() + "]"));
        sb.append("; no clip was written (check the model's weights, or try another seed or fewer steps)");
        throw new NonFiniteResultException(sb.toString());
    }

    /// Throws when the decoded sound holds a NaN or an infinity.
    static void audio(DecodedAudio a, String model) {
        long i = firstBad(a.samples());
        if (i < 0) return;
        throw new NonFiniteResultException("the generation went non-finite: the audio decoder of model " + model + " gave "
                + describe(a.samples(), i, "sound of " + a.samples().length + " samples") + "; no clip was written");
    }

    private static String describe(float[] x, long first, String what) {
        long bad = 0;
        for (float f : x) if (!Float.isFinite(f)) bad++;
        return String.format(Locale.ROOT, "the %s holds %d non-finite values of %d (the first, %s, at index %d)", what, bad, x.length,
                x[(int) first], first);
    }

    static long firstBad(float[] x) {
        for (int i = 0; i < x.length; i++) if (!Float.isFinite(x[i])) return i;
        return -1;
    }
}
