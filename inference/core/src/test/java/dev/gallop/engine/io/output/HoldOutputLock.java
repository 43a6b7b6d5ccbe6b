package dev.gallop.engine.io.output;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/// Child process for [OutputLockTest]: takes the lock of `args[0]`, starts writing it, says so and waits to be
/// killed.
public final class HoldOutputLock {
    public static void main(String[] args) throws Exception {
        AtomicOutput o = AtomicOutput.create(Path.of(args[0]));
        o.write(ByteBuffer.wrap(new byte[4096]));
        System.out.println("writing " + o.partial());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
