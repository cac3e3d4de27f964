// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// Stands for a token contract that refuses every call (paused, self-destructed proxy target...).
contract AlwaysReverts {
    error Unavailable();

    fallback() external payable {
        revert Unavailable();
    }
}
