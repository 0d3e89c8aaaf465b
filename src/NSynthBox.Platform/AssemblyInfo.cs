namespace NSynthBox.Platform;
