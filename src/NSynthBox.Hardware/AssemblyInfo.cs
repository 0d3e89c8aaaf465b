namespace NSynthBox.Hardware;
