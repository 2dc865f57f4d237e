"""nnadl: the networks of *Neural Networks and Deep Learning*, rebuilt in numpy."""
