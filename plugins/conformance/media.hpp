// Tiny real media files, base64-encoded, for the content the suite checks.
#pragma once

namespace plugboard::conformance {

// A 1x1 red pixel, 8-bit RGB PNG (69 bytes).
inline constexpr const char* kRedPixelPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP4z8AAAAMBAQD3A0FDAAAAAElFTkSuQmCC";

// One millisecond of silence: PCM WAV, 8 kHz, mono, 16-bit, 8 samples (60 bytes).
inline constexpr const char* kSilenceWav =
    "UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YRAAAAAAAAAAAAAAAAAAAAAAAAAA";

}  // namespace plugboard::conformance
