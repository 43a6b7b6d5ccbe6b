package dev.gallop.app.playback;

import dev.gallop.engine.pipeline.DecodedAudio;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayDeque;
import org.lwjgl.openal.AL;
import org.lwjgl.openal.AL10;
import org.lwjgl.openal.AL11;
import org.lwjgl.openal.ALC;
import org.lwjgl.openal.ALC10;
import org.lwjgl.openal.ALCCapabilities;
import org.lwjgl.openal.SOFTLoopback;

/// Sound through OpenAL (OpenAL Soft, bundled by LWJGL): the samples are streamed as 16-bit PCM through a queue of
/// small buffers, refilled by a feeder thread every few milliseconds. Only the buffers' worth of sound is queued
/// ahead, so a stop or seek is heard at once. The clock is the sample frames of the buffers
/// already played plus the source's offset in the current one.
public final class OpenAlOutput implements AudioOutput {
    static final int BUFFERS = 8, BUFFER_FRAMES = 2048;    // 370 ms queued at 44.1 kHz: rides out stalls of the feeder
    private final long device, context;
    private final int source;
    private final int[] buffers = new int[BUFFERS];
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final ArrayDeque<Integer> queuedSizes = new ArrayDeque<>();
    private final ShortBuffer pcm = ByteBuffer.allocateDirect(BUFFER_FRAMES * 2 * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
    private final Thread feeder;
    private DecodedAudio audio;
    private long next, played;
    private boolean playing, closed;

    private OpenAlOutput(long device, IntBuffer attributes, boolean feed) throws Unavailable {
        this.device = device;
        ALCCapabilities caps = ALC.createCapabilities(device);
        context = ALC10.alcCreateContext(device, attributes);
        if (context == 0 || !ALC10.alcMakeContextCurrent(context)) {
            ALC10.alcCloseDevice(device);
            throw new Unavailable("the sound device opened but refused a context (OpenAL error " + ALC10.alcGetError(device) + ")", null);
        }
        AL.createCapabilities(caps);
        source = AL10.alGenSources();
        AL10.alSourcei(source, AL10.AL_SOURCE_RELATIVE, AL10.AL_TRUE);
        AL10.alGenBuffers(buffers);
        for (int b : buffers) free.add(b);
        feeder = feed ? Thread.ofPlatform().daemon().name("gallop-audio").start(this::feedLoop) : null;
    }

    /// The system's default sound device.
    public static OpenAlOutput openDefault() throws Unavailable { return open(null); }

    /// The named device (null = default).
    public static OpenAlOutput open(String name) throws Unavailable {
        long dev;
        try {
            dev = ALC10.alcOpenDevice(name);
        } catch (Throwable e) {    // the native library itself did not load (no OpenAL for this platform)
            throw new Unavailable("OpenAL could not be loaded: " + e.getMessage(), e);
        }
        if (dev == 0) throw new Unavailable(name == null ? "no sound device could be opened" : "sound device '" + name + "' could not be opened", null);
        return new OpenAlOutput(dev, null, true);
    }

    /// A device that plays into memory instead of a speaker (OpenAL Soft's loopback): [#render(int)] pulls samples and
    /// [#pump()] refills, both by hand. For checking what a speaker would hear without one.
    static OpenAlOutput openLoopback(int rate) throws Unavailable { return openLoopback(rate, false); }

    /// A loopback device; with `feed` its feeder thread refills as on a real device, and only [#render(int)] is by hand.
    static OpenAlOutput openLoopback(int rate, boolean feed) throws Unavailable {
        long dev = SOFTLoopback.alcLoopbackOpenDeviceSOFT((CharSequence) null);
        if (dev == 0) throw new Unavailable("OpenAL loopback device unavailable", null);
        IntBuffer attrs = ByteBuffer.allocateDirect(7 * 4).order(ByteOrder.nativeOrder()).asIntBuffer()
                .put(SOFTLoopback.ALC_FORMAT_CHANNELS_SOFT).put(SOFTLoopback.ALC_STEREO_SOFT)
                .put(SOFTLoopback.ALC_FORMAT_TYPE_SOFT).put(SOFTLoopback.ALC_FLOAT_SOFT)
                .put(ALC10.ALC_FREQUENCY).put(rate).put(0).flip();
        return new OpenAlOutput(dev, attrs, feed);
    }

    /// Loopback only: renders `frames` stereo float frames of what the device plays.
    synchronized float[] render(int frames) {
        float[] out = new float[frames * 2];
        SOFTLoopback.alcRenderSamplesSOFT(device, out, frames);
        return out;
    }

    @Override public synchronized void play(DecodedAudio a, long from) {
        stopLocked();
        if (a.channels() > 2) throw new IllegalArgumentException("only mono and stereo sound can be played, got " + a.channels() + " channels");
        audio = a;
        next = Math.clamp(from, 0, a.frames());
        played = 0;
        playing = true;
        pump();
    }

    @Override public synchronized void stop() { stopLocked(); }

    @Override public synchronized long playedFrames() {
        if (audio == null) return 0;
        return played + (queuedSizes.isEmpty() ? 0 : AL10.alGetSourcei(source, AL11.AL_SAMPLE_OFFSET));
    }

    @Override public synchronized boolean isPlaying() { return playing; }

    /// One refill round: takes back played buffers, queues new ones, restarts the source after an underrun, and
    /// ends playback once everything was heard.
    synchronized void pump() {
        if (!playing || closed) return;
        for (int n = AL10.alGetSourcei(source, AL10.AL_BUFFERS_PROCESSED); n > 0; n--) {
            free.add(AL10.alSourceUnqueueBuffers(source));
            played += queuedSizes.removeFirst();
        }
        while (!free.isEmpty() && next < audio.frames()) {
            int frames = (int) Math.min(BUFFER_FRAMES, audio.frames() - next);
            fill(frames);
            int b = free.removeFirst();
            AL10.alBufferData(b, audio.channels() == 1 ? AL10.AL_FORMAT_MONO16 : AL10.AL_FORMAT_STEREO16, pcm, audio.sampleRate());
            AL10.alSourceQueueBuffers(source, b);
            queuedSizes.addLast(frames);
            next += frames;
        }
        if (queuedSizes.isEmpty()) {
            playing = false;
        } else if (AL10.alGetSourcei(source, AL10.AL_SOURCE_STATE) != AL10.AL_PLAYING) {
            AL10.alSourcePlay(source);
        }
    }

    private void fill(int frames) {
        int ch = audio.channels();
        pcm.clear();
        float[] s = audio.samples();
        int from = (int) (next * ch);
        for (int i = 0; i < frames * ch; i++) pcm.put((short) Math.round(Math.clamp(s[from + i], -1f, 1f) * 32767));
        pcm.flip();
    }

    private void stopLocked() {
        if (closed) return;
        AL10.alSourceStop(source);
        AL10.alSourcei(source, AL10.AL_BUFFER, 0);     // unqueues every buffer
        free.clear();
        for (int b : buffers) free.add(b);
        queuedSizes.clear();
        playing = false;
    }

    private void feedLoop() {
        while (true) {
            synchronized (this) {
                if (closed) return;
                pump();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override public synchronized void close() {
        if (closed) return;
        stopLocked();
        closed = true;
        if (feeder != null) feeder.interrupt();
        AL10.alDeleteSources(source);
        AL10.alDeleteBuffers(buffers);
        ALC10.alcMakeContextCurrent(0);
        ALC10.alcDestroyContext(context);
        ALC10.alcCloseDevice(device);
    }
}
