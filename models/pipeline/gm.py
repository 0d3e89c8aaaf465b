"""General MIDI melodic programs used for the data set, with playable pitch ranges.

Programs 112-127 (percussive and sound-effect patches: Tinkle Bell ... Gunshot) are left out:
they have no stable pitch or are noises, so a pitched harmonic-plus-noise model cannot learn
them and a keyboard player would not pick them as a timbre. That leaves 112 programs.
"""

GM_NAMES = [
    "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
    "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
    "Celesta", "Glockenspiel", "Music Box", "Vibraphone",
    "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
    "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ",
    "Reed Organ", "Accordion", "Harmonica", "Tango Accordion",
    "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)", "Electric Guitar (clean)",
    "Electric Guitar (muted)", "Overdriven Guitar", "Distortion Guitar", "Guitar Harmonics",
    "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass",
    "Slap Bass 1", "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
    "Violin", "Viola", "Cello", "Contrabass",
    "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp", "Timpani",
    "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2",
    "Choir Aahs", "Voice Oohs", "Synth Voice", "Orchestra Hit",
    "Trumpet", "Trombone", "Tuba", "Muted Trumpet",
    "French Horn", "Brass Section", "Synth Brass 1", "Synth Brass 2",
    "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax",
    "Oboe", "English Horn", "Bassoon", "Clarinet",
    "Piccolo", "Flute", "Recorder", "Pan Flute",
    "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
    "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)",
    "Lead 5 (charang)", "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
    "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)",
    "Pad 5 (bowed)", "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
    "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)",
    "FX 5 (brightness)", "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
    "Sitar", "Banjo", "Shamisen", "Koto",
    "Kalimba", "Bagpipe", "Fiddle", "Shanai",
]

FAMILIES = [
    "piano", "chromatic percussion", "organ", "guitar", "bass", "strings", "ensemble", "brass",
    "reed", "pipe", "synth lead", "synth pad", "synth effects", "ethnic",
]

# Playable MIDI note ranges (low, high), per family, from the instruments' usual written
# ranges; individual overrides below where a family member differs a lot.
FAMILY_RANGE = {
    "piano": (24, 105), "chromatic percussion": (48, 105), "organ": (24, 96), "guitar": (40, 88),
    "bass": (28, 67), "strings": (36, 96), "ensemble": (36, 96), "brass": (40, 84),
    "reed": (46, 91), "pipe": (55, 96), "synth lead": (36, 96), "synth pad": (36, 96),
    "synth effects": (36, 96), "ethnic": (40, 91),
}
PROGRAM_RANGE = {
    9: (60, 108), 10: (60, 105), 12: (45, 96), 13: (65, 108), 14: (60, 77),
    40: (55, 100), 41: (48, 91), 42: (36, 76), 43: (28, 60), 45: (28, 96), 46: (24, 103), 47: (36, 57),
    55: (36, 84), 56: (54, 86), 57: (40, 72), 58: (28, 58), 59: (54, 84), 60: (34, 77),
    64: (56, 88), 65: (49, 81), 66: (44, 76), 67: (36, 69), 68: (58, 91), 69: (52, 81),
    70: (34, 75), 71: (50, 91), 72: (74, 108), 73: (60, 96), 74: (60, 96), 78: (60, 96), 79: (60, 91),
    104: (48, 84), 105: (48, 84), 106: (48, 84), 107: (48, 88), 108: (60, 96), 109: (55, 79),
    110: (55, 96), 111: (55, 86),
}

PROGRAMS = list(range(112))


def family_of(program: int) -> str:
    return FAMILIES[program // 8]


def pitch_range(program: int) -> tuple:
    return PROGRAM_RANGE.get(program, FAMILY_RANGE[family_of(program)])
