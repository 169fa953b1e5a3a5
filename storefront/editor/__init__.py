"""Editor: the personalize page that mounts the Hub's editor, what it is given, and what it hands back."""
