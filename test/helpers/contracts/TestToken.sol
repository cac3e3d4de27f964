// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// A minimal ERC-20. Tests place its runtime code at real token addresses with anvil_setCode, so no
/// constructor runs: every field, decimals included, lives in storage that tests write directly.
contract TestToken {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;
    uint8 public decimals;
    string public name;
    string public symbol;

    event Transfer(address indexed from, address indexed to, uint256 value);

    error InsufficientBalance(uint256 held, uint256 wanted);

    function transfer(address to, uint256 value) external returns (bool) {
        uint256 held = balanceOf[msg.sender];
        if (held < value) revert InsufficientBalance(held, value);
        unchecked {
            balanceOf[msg.sender] = held - value;
        }
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }
}
