//! The extras of a plan (marginal values, closed channels' explanations, the frontier's
//! points): independent solves after the plan, run on every core. Each job's result lands
//! in its own slot, so the outcome does not depend on which thread ran what.

use std::sync::Mutex;

/// A job: a solve, or a sequence of solves, that needs nothing from the others.
pub type Job<'a, T> = Box<dyn FnOnce() -> T + Send + 'a>;

/// Runs `jobs` on as many threads as the machine has cores (or, not `parallel`, one after
/// another), and returns their results in the order of the jobs.
pub fn run_all<T: Send>(jobs: Vec<Job<'_, T>>, parallel: bool) -> Vec<T> {
    let count = jobs.len();
    let cores = match parallel {
        true => std::thread::available_parallelism().map_or(1, |cores| cores.get()),
        false => 1,
    };
    let threads = cores.min(count);
    if threads <= 1 {
        return jobs.into_iter().map(|job| job()).collect();
    }
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    // The lock is released before the job runs.
                    let next = queue
                        .lock()
                        .expect("no job panics holding the queue")
                        .next();
                    let Some((index, job)) = next else { break };
                    let result = job();
                    results.lock().expect("no job panics holding the results")[index] =
                        Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("every thread has finished")
        .into_iter()
        .map(|result| result.expect("every job ran"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_order_of_the_jobs() {
        let jobs: Vec<Job<usize>> = (0..20usize)
            .map(|index| -> Job<usize> {
                Box::new(move || {
                    // Later jobs finish first.
                    std::thread::sleep(std::time::Duration::from_millis(20 - index as u64));
                    index * index
                })
            })
            .collect();
        let expected: Vec<usize> = (0..20).map(|index| index * index).collect();
        assert_eq!(run_all(jobs, true), expected);
        assert!(run_all::<u8>(Vec::new(), true).is_empty());
    }
}
