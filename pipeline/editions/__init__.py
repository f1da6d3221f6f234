"""What is made of builds: editions released and adopted, the redline, the short edition,
status. Imports publish and below.
"""
