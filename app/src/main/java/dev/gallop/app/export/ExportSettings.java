package dev.gallop.app.export;

import java.util.Locale;

/// What File ▸ Export makes: the format, the picture size (video formats), the range of the edit and the quality.
public record ExportSettings(Format format, Size size, Range range, Quality quality) {
    public enum Format {
        MP4("MP4 video (H.264 + AAC)", "mp4", true),
        PRORES("QuickTime ProRes 422 + PCM, for editing (mezzanine)", "mov", true),
        OTIO("OpenTimelineIO (.otio, media paths relative to it)", "otio", false),
        OTIOZ("OpenTimelineIO bundle with the media (.otioz)", "otioz", false),
        FCPXML("Final Cut Pro X / DaVinci Resolve (.fcpxml)", "fcpxml", false),
        FCP7("Premiere Pro / Final Cut 7 XML (.xml)", "xml", false);

        private final String label, extension;
        private final boolean video;

        Format(String label, String extension, boolean video) {
            this.label = label;
            this.extension = extension;
            this.video = video;
        }

        public String extension() { return extension; }

        /// True for the formats that render pictures and sound (size and quality apply).
        public boolean video() { return video; }

        @Override public String toString() { return label; }
    }

    public enum Size {
        MODEL("The shots' own size"), P720("720p (1280×720)"), P1080("1080p (1920×1080)");

        private final String label;

        Size(String label) { this.label = label; }

        /// The output size for an edit whose first shot is `w`×`h`: its own size, or 720p/1080p in its orientation
        /// (a portrait edit gets 720×1280); both sides even.
        public int[] pixels(int w, int h) {
            boolean portrait = h > w;
            return switch (this) {
                case MODEL -> new int[] {w / 2 * 2, h / 2 * 2};
                case P720 -> portrait ? new int[] {720, 1280} : new int[] {1280, 720};
                case P1080 -> portrait ? new int[] {1080, 1920} : new int[] {1920, 1080};
            };
        }

        @Override public String toString() { return label; }
    }

    public enum Range {
        WHOLE("The whole edit"), IN_OUT("From the in mark to the out mark");

        private final String label;

        Range(String label) { this.label = label; }

        @Override public String toString() { return label; }
    }

    public enum Quality {
        DRAFT("Draft (small file)", 0.08, 1), STANDARD("Standard", 0.15, 2), HIGH("High", 0.3, 3);

        private final String label;
        private final double bitsPerPixel;
        private final int proresProfile;

        Quality(String label, double bitsPerPixel, int proresProfile) {
            this.label = label;
            this.bitsPerPixel = bitsPerPixel;
            this.proresProfile = proresProfile;
        }

        /// H.264's bit rate for a `w`×`h` picture at `fps`.
        public int bitrate(int w, int h, double fps) { return (int) Math.max(400_000, Math.round(w * h * fps * bitsPerPixel)); }

        /// ProRes profile: 1 LT, 2 422, 3 422 HQ.
        public int proresProfile() { return proresProfile; }

        @Override public String toString() { return label; }
    }

    /// The settings for an export to `file`: the format its extension names, everything else as given.
    public ExportSettings withFormat(Format f) { return new ExportSettings(f, size, range, quality); }

    /// The format a file name's extension names, if any.
    public static java.util.Optional<Format> formatOf(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        for (Format f : Format.values()) if (n.endsWith("." + f.extension())) return java.util.Optional.of(f);
        return java.util.Optional.empty();
    }

    public static ExportSettings defaults() { return new ExportSettings(Format.MP4, Size.MODEL, Range.WHOLE, Quality.STANDARD); }
}
