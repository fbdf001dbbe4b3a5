"""Workforce projection: assumptions, starting position, the stock-and-flow engine, calibration and
backtest scoring (DESIGN.md §6). Pure: numpy, no store, no terminal."""
