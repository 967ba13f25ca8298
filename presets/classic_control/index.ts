/** The classic-control family: presets for CartPole, Acrobot, MountainCar and other small discrete tasks. */
import { ddqn } from './ddqn';
import { dqn } from './dqn';

export const classicControl = { dqn, ddqn };
