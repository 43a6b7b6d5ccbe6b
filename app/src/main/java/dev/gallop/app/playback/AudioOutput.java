package dev.gallop.app.playback;

import dev.gallop.engine.pipeline.DecodedAudio;

/// A sound device the player streams to. Its count of played sample frames is the playback clock: the picture
/// follows the sound, never the other way round.
public interface AudioOutput extends AutoCloseable {
    /// Starts playing `audio` from sample frame `from` (replacing whatever played); the clock restarts at 0.
    void play(DecodedAudio audio, long from);

    /// Stops at once.
    void stop();

    /// Sample frames heard since [#play] (the audio clock).
    long playedFrames();

    /// False once stopped or after the last sample was heard.
    boolean isPlaying();

    @Override void close();

    /// No sound device could be opened; the message says why (shown to the user as a notice).
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) { super(message, cause); }
    }

    /// Opens a device; throws [Unavailable] when there is none.
    @FunctionalInterface
    interface Opener {
        AudioOutput open() throws Unavailable;
    }
}
