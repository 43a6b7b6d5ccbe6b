package dev.gallop.engine.pipeline;

/// A finished generation: the final latents, and the decoded RGB frames and audio when the model has decoders.
///
/// @param latents     final video and audio latents
/// @param frames      decoded frames [F, H, W, 3] as packed 0xRRGGBB ints per pixel, or null without a video decoder
/// @param width       frame width in pixels (0 without frames)
/// @param height      frame height in pixels
/// @param audio       decoded interleaved stereo samples at `sampleRate`, or null without an audio decoder
/// @param sampleRate  audio sample rate (44 100 for MagiHuman)
/// @param request     the request that produced it (the generation record)
public record GeneratedClip(LatentClip latents, int[][] frames, int width, int height, float[] audio, int sampleRate,
                            GenerationRequest request) {}
