"""Editor: the personalize page that mounts the Hub's editor, what the editor is given, and the token it renews."""
