"""The pristine-code benchmark: does nca fix/clean --write break real, working packages?"""
