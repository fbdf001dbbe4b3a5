"""Workforce projection: assumptions, starting position, the stock-and-flow engine, calibration and
backtest scoring (docs/design.md, Projection model). Pure: numpy, no store, no terminal."""
