/// MagiHuman samplers as small stateless functions over device latents in PyTorch layout (video `[48, T, H, W]`,
/// audio `[n, 64]`), matching upstream in float32 arithmetic through [dev.gallop.engine.backend.SamplerKernels]:
/// [dev.gallop.engine.sampling.FlowSchedule] (sigmas and timesteps),
/// [dev.gallop.engine.sampling.DistilledSampler] (DMD-2 re-noising step),
/// [dev.gallop.engine.sampling.UniPc] (base/SR solver), [dev.gallop.engine.sampling.Guidance] (CFG),
/// [dev.gallop.engine.sampling.SuperResolution] (upsample, re-noise, SR audio input),
/// [dev.gallop.engine.sampling.ImageConditioning] (TI2V frame 0) and
/// [dev.gallop.engine.sampling.GaussianNoise] (seeded noise, drawn on the host; its javadoc gives the pipeline's
/// draw order).
package dev.gallop.engine.sampling;
