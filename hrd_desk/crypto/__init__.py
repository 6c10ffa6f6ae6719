"""Keys, the encrypted vault and envelopes. Knows nothing about defenders; never imports Qt."""
