package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.nn.WeightPolicy;
import java.util.ArrayList;
import java.util.List;

/// Where a generation keeps each part of the model, as its [MemoryPlan] chose: the faster choices hold more on the
/// device. The default placement keeps everything resident on the generation's device, in the model's own weight
/// format.
///
/// @param ditWeights      how the DiTs' GEMM weights are stored on the device (null: the model's own format; FP8 is
///                        quantized at load when the files are bf16)
/// @param releaseAfterUse each component is released when its stage is done (else everything stays loaded, so
///                        retakes do not reload)
/// @param textEncoderOnCpu the text encoder runs on the CPU; its features are copied to the device
/// @param decodersOnCpu   the video and audio decoders run on the CPU; the final latents are copied to it
/// @param streamedLayers  how many DiT layers keep their GEMM weights in host memory and are uploaded just before
///                        they run ([dev.gallop.engine.models.magihuman.MagiHumanConfig#layersToStream])
/// @param textEncoderWeights how T5Gemma's projection weights are stored (null: as the checkpoint has them)
/// @param decoderTile     the video decoder's spatial tile in latent pixels a side (0: whole frames)
public record Placement(WeightPolicy ditWeights, boolean releaseAfterUse, boolean textEncoderOnCpu, boolean decodersOnCpu,
                        int streamedLayers, WeightPolicy textEncoderWeights, int decoderTile) {
    /// Everything resident on the device, in the model's format.
    public static final Placement RESIDENT = new Placement(null, false, false, false, 0, null, 0);

    public Placement {
        if (streamedLayers < 0) throw new IllegalArgumentException("streamed layers must not be negative, got " + streamedLayers);
        if (decoderTile < 0) throw new IllegalArgumentException("the decoder tile must not be negative, got " + decoderTile);
    }

    public Placement withReleaseAfterUse() { return new Placement(ditWeights, true, textEncoderOnCpu, decodersOnCpu, streamedLayers, textEncoderWeights, decoderTile); }

    public Placement withDitWeights(WeightPolicy p) { return new Placement(p, releaseAfterUse, textEncoderOnCpu, decodersOnCpu, streamedLayers, textEncoderWeights, decoderTile); }

    public Placement withTextEncoderOnCpu() { return new Placement(ditWeights, releaseAfterUse, true, decodersOnCpu, streamedLayers, textEncoderWeights, decoderTile); }

    public Placement withDecodersOnCpu() { return new Placement(ditWeights, releaseAfterUse, textEncoderOnCpu, true, streamedLayers, textEncoderWeights, decoderTile); }

    public Placement withTextEncoderWeights(WeightPolicy p) {
        return new Placement(ditWeights, releaseAfterUse, textEncoderOnCpu, decodersOnCpu, streamedLayers, p, decoderTile);
    }

    public Placement withDecoderTile(int tile) {
        return new Placement(ditWeights, releaseAfterUse, textEncoderOnCpu, decodersOnCpu, streamedLayers, textEncoderWeights, tile);
    }

    public Placement withStreamedLayers(int n) { return new Placement(ditWeights, releaseAfterUse, textEncoderOnCpu, decodersOnCpu, n, textEncoderWeights, decoderTile); }

    /// What differs from [#RESIDENT] (the model's own weight format is not mentioned), in words ("fp8 weights, text encoder released after the prompt"), or
    /// "everything resident".
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (ditWeights == WeightPolicy.FP8_PER_CHANNEL) parts.add("fp8 DiT weights (quantized at load)");
        if (streamedLayers > 0) parts.add(streamedLayers + (streamedLayers == 1 ? " DiT layer" : " DiT layers") + " streamed from host memory");
        if (textEncoderWeights == WeightPolicy.FP8_PER_CHANNEL) parts.add("fp8 text encoder weights");
        if (releaseAfterUse) parts.add("each component released after its stage");
        if (textEncoderOnCpu) parts.add("text encoder on the CPU");
        if (decoderTile > 0) parts.add("video decoded in tiles of " + decoderTile + "×" + decoderTile + " latent pixels");
        if (decodersOnCpu) parts.add("decoders on the CPU");
        return parts.isEmpty() ? "everything resident" : String.join(", ", parts);
    }
}
