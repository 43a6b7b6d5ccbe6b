package dev.gallop.engine.pipeline;

/// The spoken languages MagiHuman was trained on (docs/models/magihuman.md#prompt), with the label its prompts use.
public enum Language {
    ENGLISH("English"),
    CHINESE_MANDARIN("Mandarin Chinese"),
    CHINESE_CANTONESE("Cantonese"),
    JAPANESE("Japanese"),
    KOREAN("Korean"),
    GERMAN("German"),
    FRENCH("French");

    private final String label;

    Language(String label) { this.label = label; }

    public String label() { return label; }

    /// Chinese, Japanese and Korean lines are written with a space between every CJK character.
    public boolean spacesCjk() { return this == CHINESE_MANDARIN || this == CHINESE_CANTONESE || this == JAPANESE || this == KOREAN; }
}
