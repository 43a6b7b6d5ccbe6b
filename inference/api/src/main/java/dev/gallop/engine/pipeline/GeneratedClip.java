package dev.gallop.engine.pipeline;

/// A finished generation: the final latents, and the decoded frames and sound when the model has decoders.
///
/// @param latents  final video and audio latents
/// @param video    decoded RGB frames, or null when the model has no video decoder
/// @param audio    decoded waveform, or null when the model has no audio decoder
/// @param request  the request as it ran (the generation record): the one submitted, except that for an
///                 audio-conditioned run `seconds` is the length the track gave, (n − 1)/25 s for n audio latents,
///                 so that the record states what was generated and running it again gives a clip of that length
public record GeneratedClip(LatentClip latents, DecodedVideo video, DecodedAudio audio, GenerationRequest request) {}
