package dev.gallop.engine.models.t5gemma;

import dev.gallop.engine.io.safetensors.TensorInfo;
import dev.gallop.engine.nn.WeightLoadException;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/// The token embedding [V, H] read in place: only the rows of the tokens being encoded are gathered from the
/// (memory-mapped) checkpoint, so the 1.8 GB table of the real model is never copied whole. The checkpoint must stay
/// open while this is used.
final class EmbeddingRows {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment data;
    private final DType dtype;
    private final int vocab, hidden;
    private final String where;

    private EmbeddingRows(MemorySegment data, DType dtype, int vocab, int hidden, String where) {
        this.data = data;
        this.dtype = dtype;
        this.vocab = vocab;
        this.hidden = hidden;
        this.where = where;
    }

    /// Opens `name` in scope `w` as a [vocab, hidden] F32, BF16 or F16 table and marks it consumed.
    static EmbeddingRows open(Weights w, String name, int vocab, int hidden) {
        TensorInfo info = w.info(name);
        String key = w.key(name);
        String where = "'" + key + "' in " + w.checkpoint().fileOf(key);
        if (!info.shape().equals(Shape.of(vocab, hidden))) {
            throw new WeightLoadException("embedding " + where + " has shape " + info.shape() + " but [" + vocab + ", " + hidden
                    + "] (vocab_size, hidden_size) was expected");
        }
        DType t = info.dtype();
        if (t != DType.F32 && t != DType.BF16 && t != DType.F16) {
            throw new WeightLoadException("embedding " + where + " is " + info.describe() + "; F32, BF16 or F16 was expected");
        }
        MemorySegment data = w.checkpoint().data(key);
        markConsumed(w, name);
        return new EmbeddingRows(data, t, vocab, hidden, where);
    }

    /// Weights has no "consumed without reading" call for one key, only [Weights#skipAll()] on a scope; so skip the
    /// key's parent scope ("embed_tokens.") after checking that it holds nothing else.
    private static void markConsumed(Weights w, String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) throw new IllegalArgumentException("embedding name '" + name + "' needs a parent scope (like 'embed_tokens.weight')");
        Weights scope = w.at(name.substring(0, dot));
        for (String k : scope.unusedKeys()) {
            if (!k.equals(w.key(name))) {
                throw new WeightLoadException("embedding '" + w.key(name) + "': its scope '" + scope.prefix() + "' also holds '" + k
                        + "', which T5Gemma does not read");
            }
        }
        scope.skipAll();
    }

    /// Rows [L, H] for `ids`, widened to f32.
    float[] gather(int[] ids) {
        float[] out = new float[ids.length * hidden];
        for (int t = 0; t < ids.length; t++) {
            int id = ids[t];
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("token id " + id + " at position " + t + " is outside the vocabulary [0, " + vocab + ") of " + where);
            }
            long row = (long) id * hidden;
            for (int c = 0; c < hidden; c++) {
                long e = row + c;
                out[t * hidden + c] = switch (dtype) {
                    case F32 -> data.getAtIndex(F32, e);
                    case BF16 -> Floats.bf16ToFloat(data.getAtIndex(I16, e));
                    case F16 -> Floats.f16ToFloat(data.getAtIndex(I16, e));
                    default -> throw new IllegalStateException(dtype.toString());
                };
            }
        }
        return out;
    }

    int vocab() { return vocab; }

    int hidden() { return hidden; }
}
