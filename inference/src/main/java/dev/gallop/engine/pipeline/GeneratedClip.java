package dev.gallop.engine.pipeline;

/// A finished generation: the final latents, and the decoded frames and sound when the model has decoders.
///
/// @param latents  final video and audio latents
/// @param video    decoded RGB frames, or null when the model has no video decoder
/// @param audio    decoded waveform, or null when the model has no audio decoder
/// @param request  the request that produced it (the generation record)
public record GeneratedClip(LatentClip latents, DecodedVideo video, DecodedAudio audio, GenerationRequest request) {}
