namespace NSynthBox.Dsp;
