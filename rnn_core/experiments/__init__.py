"""What the pages show about models: window vs RNN, the optimiser stepper, gradient flow, vanishing and
exploding gradients, the memory horizon. May use the engine, the tasks and the glass box; never streamlit."""
